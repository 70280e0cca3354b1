// The soak's function. The event names what to do: "stream" (three chunks), "buffered" (a whole result),
// "throw-before" (fail before any byte), "throw-after" (fail after the first chunk).
using LambdaStreaming;

var buffered = LambdaHandler.FromBuffered((request, context) => Task.FromResult(LambdaResult.Text($"whole {context.AwsRequestId}")));

return await LambdaRuntime.RunAsync(async (request, response, context) =>
{
    switch (request.Text)
    {
        case "buffered":
            await buffered(request, response, context);
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
