using System.Globalization;
using LambdaStreaming;
using LambdaStreaming.Http;

namespace SseFunction;

/// <summary>
/// The handler: Server-Sent Events behind a Function URL, one event a second (<c>?count=</c> and <c>?intervalMs=</c>
/// change that), each flushed as it is written. A browser's EventSource or <c>curl -N</c> shows them arrive.
/// </summary>
public static class Function
{
    public static async Task HandleAsync(FunctionUrlRequest request, ResponseStream response, ILambdaContext context)
    {
        var count = ReadInt(request, "count", 5, 1, 1_000);
        var interval = TimeSpan.FromMilliseconds(ReadInt(request, "intervalMs", 1_000, 0, 60_000));
        await using var events = response.StartServerSentEvents();
        for (var i = 1; i <= count; i++)
        {
            if (i > 1)
            {
                await Task.Delay(interval, context.CancellationToken);
            }
            var id = i.ToString(CultureInfo.InvariantCulture);
            await events.WriteAsync($"tick {i} of {count}", eventType: "tick", id: id, cancellationToken: context.CancellationToken);
        }
    }

    private static int ReadInt(FunctionUrlRequest request, string name, int fallback, int min, int max) =>
        int.TryParse(request.GetQueryParameter(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? Math.Clamp(value, min, max) : fallback;
}
