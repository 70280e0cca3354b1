using System.Globalization;
using LambdaStreaming;
using LambdaStreaming.Http;

namespace SseClock;

/// <summary>Routes a Function URL request: the page, or the event stream.</summary>
public static class ClockFunction
{
    private const int DefaultCount = 10;
    private const int DefaultIntervalMs = 2000;

    public static async Task HandleAsync(FunctionUrlRequest request, ResponseStream response, ILambdaContext context)
    {
        if (request.Method == "GET" && request.RawPath is "/" or "")
        {
            await response.WriteHttpResultAsync(HttpResult.Text(ClockPage.Html, contentType: "text/html; charset=utf-8"), context.CancellationToken);
            return;
        }

        var count = ReadInt(request, "count", DefaultCount, 0, 10_000);
        var interval = TimeSpan.FromMilliseconds(ReadInt(request, "intervalMs", DefaultIntervalMs, 0, 60_000));

        // A reconnecting EventSource sends the last id it saw: carry on from there instead of starting over.
        var firstId = int.TryParse(request.GetHeader("last-event-id"), NumberStyles.None, CultureInfo.InvariantCulture, out var lastSeen) ? lastSeen + 1 : 1;

        await using var events = response.StartServerSentEvents();
        await events.WriteAsync(new Welcome("connected"), ClockJson.Default.Welcome, cancellationToken: context.CancellationToken);
        context.Logger.LogInformation($"client connected: {count} updates every {interval.TotalMilliseconds} ms from id {firstId}");
        for (var id = firstId; id < firstId + count; id++)
        {
            if (id > firstId)
            {
                await Task.Delay(interval, context.CancellationToken);
            }

            var now = DateTimeOffset.UtcNow;
            var update = new ClockUpdate(
                now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                Random.Shared.Next(100),
                $"Current time {now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
            await events.WriteAsync(update, ClockJson.Default.ClockUpdate, "update", id.ToString(CultureInfo.InvariantCulture), cancellationToken: context.CancellationToken);
        }
    }

    private static int ReadInt(FunctionUrlRequest request, string name, int fallback, int min, int max) =>
        int.TryParse(request.GetQueryParameter(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? Math.Clamp(value, min, max)
            : fallback;
}
