using System.Globalization;
using LambdaStreaming;
using LambdaStreaming.Http;

namespace Observability;

/// <summary>Streams <c>step 1</c> to <c>step 5</c> as Server-Sent Events, each sent as its own chunk.</summary>
public static class StepsFunction
{
    public const int Steps = 5;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    public static async Task HandleAsync(FunctionUrlRequest request, ResponseStream response, ILambdaContext context)
    {
        context.Logger.LogInformation($"streaming {Steps} steps");
        await using var events = response.StartServerSentEvents();
        for (var step = 1; step <= Steps; step++)
        {
            if (step > 1)
            {
                await Task.Delay(Interval, context.CancellationToken);
            }

            var id = step.ToString(CultureInfo.InvariantCulture);
            await events.WriteAsync($"step {id}", id: id, cancellationToken: context.CancellationToken);
        }
    }
}
