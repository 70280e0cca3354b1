using System.Globalization;
using LambdaStreaming;
using LambdaStreaming.Http;

namespace RestFunction;

/// <summary>
/// The handler behind API Gateway REST (one proxy integration in STREAM transfer mode): <c>GET /stream</c> streams
/// Server-Sent Events as they are produced, <c>GET /hello</c> answers JSON whole, anything else is a 404.
/// </summary>
public static class Function
{
    public static async Task HandleAsync(ApiGatewayProxyRequest request, ResponseStream response, ILambdaContext context)
    {
        switch (request.HttpMethod, request.Path)
        {
            case ("GET", "/stream"):
                var count = int.TryParse(request.GetQueryParameter("count"), NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? Math.Clamp(asked, 1, 100) : 10;
                var interval = int.TryParse(request.GetQueryParameter("intervalMs"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? Math.Clamp(ms, 0, 60_000) : 1_000;
                await using (var events = response.StartServerSentEvents())
                {
                    for (var i = 1; i <= count; i++)
                    {
                        if (i > 1)
                        {
                            await Task.Delay(interval, context.CancellationToken);
                        }
                        await events.WriteAsync($"Chunk #{i}", cancellationToken: context.CancellationToken);
                    }
                    await events.WriteAsync("done", eventType: "end", cancellationToken: context.CancellationToken);
                }
                break;
            case ("GET", "/hello"):
                await response.WriteHttpResultAsync(HttpResult.Json(new Hello("Hello from Lambda"), RestJson.Default.Hello), context.CancellationToken);
                break;
            default:
                await response.WriteHttpResultAsync(HttpResult.Text($"no route for {request.HttpMethod} {request.Path}", statusCode: 404), context.CancellationToken);
                break;
        }
    }
}
