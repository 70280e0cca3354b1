using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace McpServer;

/// <summary>The tools: one that answers at once, one that reports progress as it goes.</summary>
[McpServerToolType]
public sealed class Tools
{
    /// <summary>Answers at once.</summary>
    [McpServerTool(Name = "add", ReadOnly = true, Idempotent = true, UseStructuredContent = true), Description("Adds two integers.")]
    public static Sum Add([Description("The first addend.")] int a, [Description("The second addend.")] int b) => new(a, b, a + b);

    /// <summary>
    /// Counts to <paramref name="n"/>, one step every <paramref name="intervalMs"/> ms, and sends a
    /// <c>notifications/progress</c> after each (when the caller asked for progress with a <c>progressToken</c>).
    /// </summary>
    [McpServerTool(Name = "count_to", ReadOnly = true), Description("Counts to n, one step every intervalMs milliseconds, reporting progress after each step.")]
    public static async Task<string> CountTo(
        IProgress<ProgressNotificationValue> progress,
        [Description("How far to count (1 to 1000).")] int n = 5,
        [Description("Milliseconds between steps (0 to 10000).")] int intervalMs = 50,
        CancellationToken cancellationToken = default)
    {
        n = Math.Clamp(n, 1, 1000);
        intervalMs = Math.Clamp(intervalMs, 0, 10_000);
        for (var i = 1; i <= n; i++)
        {
            await Task.Delay(intervalMs, cancellationToken);
            progress.Report(new ProgressNotificationValue { Progress = i, Total = n, Message = $"Counted {i} of {n}" });
        }

        return $"Counted to {n}.";
    }
}
