using System.Text;
using LambdaStreaming;

namespace StreamingFunction;

/// <summary>The handler: three lines of text, each flushed as it is ready, so the caller sees them arrive one by one.</summary>
public static class Function
{
    public static async Task HandleAsync(LambdaRequest request, ResponseStream response, ILambdaContext context)
    {
        response.ContentType = "text/plain; charset=utf-8";
        for (var line = 1; line <= 3; line++)
        {
            if (line > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), context.CancellationToken);
            }
            await response.WriteAsync(Encoding.UTF8.GetBytes($"line {line} of 3\n"), context.CancellationToken);
        }
        context.Logger.LogInformation("streamed 3 lines");
    }
}
