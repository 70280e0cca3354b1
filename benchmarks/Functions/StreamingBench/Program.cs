// The end-to-end harness's function, behind the emulator's Function URL front. An event that mentions "bulk:<bytes>"
// (the harness requests /bulk:<bytes>): that many bytes in 64 KiB chunks, written in place into the pipe; any other
// event: one 6-byte chunk. Baselines/HttpClientRuntime and Floors/NullRuntime answer the same events.
using System.Buffers.Text;
using LambdaStreaming;

const int Piece = 64 * 1024;

// benchmarks/scripts/extension-cold-start.sh measures what the shutdown extension adds to a cold start.
var options = new LambdaRuntimeOptions { RegisterShutdownExtension = Environment.GetEnvironmentVariable("BENCH_SHUTDOWN_EXTENSION") == "1" };
return await LambdaRuntime.RunAsync(async (request, response, context) =>
{
    response.ContentType = "application/octet-stream";
    var @event = request.Payload.Span;
    var bulk = @event.IndexOf("bulk:"u8);
    if (bulk < 0)
    {
        "hello\n"u8.CopyTo(response.GetSpan(6));
        response.Advance(6);
        await response.FlushAsync();
        return;
    }

    Utf8Parser.TryParse(@event[(bulk + "bulk:"u8.Length)..], out long total, out _);
    for (long sent = 0; sent < total; sent += Piece)
    {
        var size = (int)Math.Min(Piece, total - sent);
        response.GetSpan(size);
        response.Advance(size);
        await response.FlushAsync();
    }
}, options);
