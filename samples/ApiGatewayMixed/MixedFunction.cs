using System.Globalization;
using LambdaStreaming;
using LambdaStreaming.Http;

namespace ApiGatewayMixed;

/// <summary>Routes an API Gateway REST request to the streaming or the buffered answer.</summary>
public static class MixedFunction
{
    public static async Task HandleAsync(ApiGatewayProxyRequest request, ResponseStream response, ILambdaContext context)
    {
        // API Gateway gives the path without the stage; a proxy resource may also hand over a trailing slash.
        switch ((request.HttpMethod, request.Path.TrimEnd('/')))
        {
            case ("GET", "/stream"):
                await StreamAsync(request, response, context);
                break;
            case ("GET", "/hello"):
                var hello = new Hello("Hello from .NET on Lambda!", Now(), StreamingEnabled: true);
                await response.WriteHttpResultAsync(HttpResult.Json(hello, MixedJson.Default.Hello), context.CancellationToken);
                break;
            default:
                await response.WriteHttpResultAsync(HttpResult.Json(new NotFound($"No route for {request.HttpMethod} {request.Path}"), MixedJson.Default.NotFound, 404), context.CancellationToken);
                break;
        }
    }

    private static async Task StreamAsync(ApiGatewayProxyRequest request, ResponseStream response, ILambdaContext context)
    {
        var count = ReadInt(request, "count", 10, 0, 10_000);
        var interval = TimeSpan.FromMilliseconds(ReadInt(request, "intervalMs", 1000, 0, 60_000));
        await using var events = response.StartServerSentEvents();
        for (var i = 1; i <= count; i++)
        {
            if (i > 1)
            {
                await Task.Delay(interval, context.CancellationToken);
            }

            await events.WriteAsync(new Chunk($"Chunk #{i}", Now()), MixedJson.Default.Chunk, cancellationToken: context.CancellationToken);
        }

        await events.WriteAsync("Stream finished", "end", cancellationToken: context.CancellationToken);
    }

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static int ReadInt(ApiGatewayProxyRequest request, string name, int fallback, int min, int max) =>
        int.TryParse(request.GetQueryParameter(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? Math.Clamp(value, min, max)
            : fallback;
}
