namespace LambdaStreaming.OpenTelemetry;

/// <summary>How <c>AddLambdaStreamingInstrumentation</c> wires a provider to the runtime.</summary>
public sealed class LambdaStreamingInstrumentationOptions
{
    /// <summary>
    /// Whether the provider is force-flushed after each invocation's outcome is reported, before the runtime's next
    /// poll (and when an invocation's deadline token fires). On by default: once the poll waits, Lambda may freeze the
    /// environment, and a batch or periodic exporter's own thread then sends nothing until the next invocation, or
    /// ever. Each flush is an export, so turn it off for an exporter that delivers on its own (a synchronous one).
    /// </summary>
    public bool FlushAfterEachInvocation { get; set; } = true;

    /// <summary>The longest a flush may hold the worker before the next poll. Default 2 seconds.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether the Lambda resource (<c>faas.*</c>, <c>cloud.*</c>; see <c>AddLambdaStreamingDetector</c>) is added to the provider's resource. On by default.</summary>
    public bool AddLambdaResource { get; set; } = true;

    internal int FlushTimeoutMilliseconds =>
        FlushTimeout == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Clamp(FlushTimeout.TotalMilliseconds, 0, int.MaxValue);
}
