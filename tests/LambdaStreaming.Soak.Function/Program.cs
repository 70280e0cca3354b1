// The soak's function. The event names what to do: "stream" (three chunks), "buffered" (a whole result),
// "throw-before" (fail before any byte), "throw-after" (fail after the first chunk).
using LambdaStreaming;

return await LambdaRuntime.RunAsync(async (request, response, context) =>
{
    switch (request.Text)
    {
        case "buffered":
            response.SetBufferedResult(LambdaResult.Text($"whole {context.AwsRequestId}"));
            return;
        case "throw-before":
            throw new InvalidOperationException("failed before any byte");
        case "throw-after":
            await response.WriteAsync("partial "u8.ToArray(), context.CancellationToken);
            throw new InvalidOperationException("failed after the first chunk");
        default:
            response.ContentType = "text/plain";
            for (var i = 0; i < 3; i++)
            {
                await response.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{context.AwsRequestId}:{i};"), context.CancellationToken);
            }

            return;
    }
});
