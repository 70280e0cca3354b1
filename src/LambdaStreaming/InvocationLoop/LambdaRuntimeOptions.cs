namespace LambdaStreaming;

/// <summary>Settings of the runtime; the defaults follow Lambda's documented behaviour and limits.</summary>
public sealed class LambdaRuntimeOptions
{
    /// <summary>Lambda's maximum for a streamed response: 200 MiB.</summary>
    public const long DefaultMaxStreamedResponseBytes = 200L * 1024 * 1024;

    /// <summary>
    /// How long before the deadline the invocation's <c>ILambdaContext.CancellationToken</c> fires, leaving
    /// the handler time to end its response cleanly. Default 100 ms.
    /// </summary>
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest streamed response; crossing it fails the stream with <c>Function.ResponseSizeTooLarge</c>.</summary>
    public long MaxStreamedResponseBytes { get; set; } = DefaultMaxStreamedResponseBytes;

    /// <summary>The largest event accepted from <c>next</c>. Default 16 MiB (Lambda's own payload limit is 6 MB).</summary>
    public long MaxEventBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Where log lines go; standard output (which Lambda sends to CloudWatch) when null. For tests.</summary>
    internal TextWriter? LogOutput { get; set; }

    /// <summary>Reads an environment variable; the process environment when null. For tests.</summary>
    internal Func<string, string?>? EnvironmentVariables { get; set; }

    /// <summary>
    /// Where an invocation's span looks for its parent when something listens to the runtime's telemetry
    /// (<see cref="Telemetry.LambdaTelemetry"/>): the X-Ray header when sampled, then an HTTP event's
    /// <c>traceparent</c>, by default. Otherwise the span is a root.
    /// </summary>
    public Telemetry.TraceParentSources TraceParentSources { get; set; } = Telemetry.TraceParentSources.All;

    /// <summary>The clock used for deadlines and remaining time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Whether SIGTERM (Lambda shutting the environment down) is handled: polling stops, an invocation in flight
    /// finishes within its deadline, logs are flushed and the process exits 0. On by default; a host that runs the
    /// runtime inside a larger process (tests) may want its own SIGTERM handling instead.
    /// </summary>
    public bool HandleSigterm { get; set; } = true;

    /// <summary>
    /// Whether to register a no-op internal extension with Lambda's Extensions API at start-up. Lambda sends SIGTERM
    /// before it shuts an environment down (and waits 500 ms before SIGKILL) only when an extension is registered, so
    /// without this (or an external extension in a layer) <see cref="HandleSigterm"/> never runs on AWS. Off by
    /// default: it adds a round trip to the Extensions API to every cold start (see the README for the measured cost).
    /// </summary>
    public bool RegisterShutdownExtension { get; set; }
}
