namespace LambdaStreaming.Telemetry;

/// <summary>
/// The runtime's OpenTelemetry-shaped telemetry: one <see cref="System.Diagnostics.Activity"/> per invocation from the
/// <see cref="ActivitySourceName"/> source and the <see cref="MeterName"/> meter's instruments, recorded only while
/// something listens. <c>LambdaStreaming.OpenTelemetry</c> subscribes an OpenTelemetry SDK to both; any
/// <see cref="System.Diagnostics.ActivityListener"/> or <see cref="System.Diagnostics.Metrics.MeterListener"/> works too.
/// </summary>
public static class LambdaTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> the invocation spans come from.</summary>
    public const string ActivitySourceName = "LambdaStreaming";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of the runtime's instruments (<see cref="LambdaTelemetryNames"/>).</summary>
    public const string MeterName = "LambdaStreaming";

    private static readonly object Gate = new();
    private static Action[] s_flushes = [];

    /// <summary>
    /// Registers work that exports what an invocation recorded (a provider's <c>ForceFlush</c>): it runs after each
    /// invocation's outcome is reported and before the runtime asks for the next one, and when an invocation's
    /// deadline token fires, since Lambda may freeze or end the environment at either point. It runs on the worker
    /// that served the invocation (the next invocation waits for it); one that throws is logged.
    /// </summary>
    /// <param name="flush">The work; it should bound its own time.</param>
    /// <returns>Disposing it unregisters <paramref name="flush"/>.</returns>
    public static IDisposable RegisterFlush(Action flush)
    {
        ArgumentNullException.ThrowIfNull(flush);
        lock (Gate)
        {
            s_flushes = [.. s_flushes, flush];
        }
        return new FlushRegistration(flush);
    }

    /// <summary>True when a flush is registered: the worker's one check after an invocation.</summary>
    internal static bool HasFlushes => Volatile.Read(ref s_flushes).Length != 0;

    /// <summary>Runs every registered flush; a failure is handed to <paramref name="onFailure"/> and the others still run.</summary>
    internal static void Flush(Action<Exception> onFailure)
    {
        foreach (var flush in Volatile.Read(ref s_flushes))
        {
            try
            {
                flush();
            }
            catch (Exception ex)
            {
                onFailure(ex);
            }
        }
    }

    private sealed class FlushRegistration(Action flush) : IDisposable
    {
        private Action? _flush = flush;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _flush, null) is not { } flush)
            {
                return;
            }
            lock (Gate)
            {
                var index = Array.IndexOf(s_flushes, flush);
                if (index >= 0)
                {
                    s_flushes = [.. s_flushes.AsSpan(0, index), .. s_flushes.AsSpan(index + 1)];
                }
            }
        }
    }
}
