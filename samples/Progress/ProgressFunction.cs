using System.Globalization;
using LambdaStreaming;
using LambdaStreaming.Http;

namespace Progress;

/// <summary>Runs a pretend job in steps and streams its progress from 0 to 100.</summary>
public static class ProgressFunction
{
    public static async Task HandleAsync(FunctionUrlRequest request, ResponseStream response, ILambdaContext context)
    {
        var steps = ReadInt(request, "steps", 10, 1, 1000);
        var interval = TimeSpan.FromMilliseconds(ReadInt(request, "intervalMs", 1000, 0, 60_000));
        var task = request.GetQueryParameter("task") is { Length: > 0 } id ? id : context.AwsRequestId;

        // Comments every 15 s keep proxies and API Gateway's idle timeout from closing a slow job's stream.
        await using var events = response.StartServerSentEvents(new ServerSentEventOptions { HeartbeatInterval = TimeSpan.FromSeconds(15) });
        for (var step = 0; step <= steps; step++)
        {
            if (step > 0)
            {
                // The work itself would go here.
                await Task.Delay(interval, context.CancellationToken);
            }

            var percent = step * 100 / steps;
            await events.WriteAsync(new ProgressUpdate(task, percent), ProgressJson.Default.ProgressUpdate, "progress", percent.ToString(CultureInfo.InvariantCulture), cancellationToken: context.CancellationToken);
        }

        await events.WriteAsync(new ProgressUpdate(task, 100), ProgressJson.Default.ProgressUpdate, "done", cancellationToken: context.CancellationToken);
    }

    private static int ReadInt(FunctionUrlRequest request, string name, int fallback, int min, int max) =>
        int.TryParse(request.GetQueryParameter(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? Math.Clamp(value, min, max)
            : fallback;
}
