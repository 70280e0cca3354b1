namespace LambdaStreaming.Emulator.Ledger;

/// <summary>A <c>GET /runtime/invocation/next</c> that arrived (before it was answered).</summary>
/// <param name="Timestamp"><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when it arrived.</param>
/// <param name="Environment">The execution environment (1, 2, ...) it came from.</param>
/// <param name="ColdStart">
/// For the first <c>next</c> after the emulator spawned the function process: the time from spawn to it.
/// Null otherwise, and always null for an external function.
/// </param>
public sealed record NextRequest(long Timestamp, TimeSpan? ColdStart, int Environment = 1);
