// Streams three lines, 200 ms apart: run it behind the emulator and `curl -N` shows them arrive one by one.
// It registers the no-op shutdown extension, so Lambda (and the emulator) send SIGTERM before shutting the
// environment down and an invocation in flight still finishes.
using LambdaStreaming;

var options = new LambdaRuntimeOptions { RegisterShutdownExtension = true };
return await LambdaRuntime.RunAsync(async (request, response, context) =>
{
    response.ContentType = "text/plain";
    string[] lines = ["foo\n", "bar\n", "baz\n"];
    for (var i = 0; i < lines.Length; i++)
    {
        if (i > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), context.CancellationToken);
        }
        var span = response.GetSpan(lines[i].Length);
        var written = System.Text.Encoding.UTF8.GetBytes(lines[i], span);
        response.Advance(written);
        await response.FlushAsync(context.CancellationToken);
    }
}, options);
