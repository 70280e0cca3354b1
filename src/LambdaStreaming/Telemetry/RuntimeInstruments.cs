using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LambdaStreaming.Telemetry;

/// <summary>The runtime's activity source and instruments, made once per process; each is a null check while nothing listens.</summary>
internal static class RuntimeInstruments
{
    private static readonly string? Version = typeof(RuntimeInstruments).Assembly.GetName().Version?.ToString(3);

    public static readonly ActivitySource Source = new(LambdaTelemetry.ActivitySourceName, Version);

    public static readonly Meter Meter = new(LambdaTelemetry.MeterName, Version);

    public static readonly Histogram<double> InvokeDuration = Meter.CreateHistogram<double>(LambdaTelemetryNames.InvokeDuration, "s", "Time from the handler's start to the invocation's outcome reported.");

    public static readonly Histogram<double> InitDuration = Meter.CreateHistogram<double>(LambdaTelemetryNames.InitDuration, "s", "Time from the runtime's start to its first poll.");

    public static readonly Counter<long> ColdStarts = Meter.CreateCounter<long>(LambdaTelemetryNames.ColdStarts, "{coldstart}", "Cold starts: the first invocation of each process.");

    public static readonly Counter<long> SuccessfulInvocations = Meter.CreateCounter<long>(LambdaTelemetryNames.SuccessfulInvocations, "{invocation}", "Invocations that ended with a response.");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(LambdaTelemetryNames.Errors, "{error}", "Invocations that failed: an /error report or a stream ended with error trailers.");

    public static readonly Counter<long> Timeouts = Meter.CreateCounter<long>(LambdaTelemetryNames.Timeouts, "{timeout}", "Invocations whose deadline token fired.");

    public static readonly Counter<long> Invocations = Meter.CreateCounter<long>(LambdaTelemetryNames.Invocations, "{invocation}", "Invocations, by outcome.");

    public static readonly Histogram<double> TimeToFirstByte = Meter.CreateHistogram<double>(LambdaTelemetryNames.TimeToFirstByte, "s", "Time from the handler's start to the first response byte sent.");

    public static readonly Histogram<long> ResponseSize = Meter.CreateHistogram<long>(LambdaTelemetryNames.ResponseSize, "By", "Body bytes per response.");

    public static readonly Histogram<double> BackpressureWait = Meter.CreateHistogram<double>(LambdaTelemetryNames.BackpressureWait, "s", "Time a streamed response's flushes waited for the Runtime API to take their bytes.");

    /// <summary>True when a listener takes the spans or any per-invocation instrument: only then is an invocation recorded.</summary>
    public static bool IsObserved =>
        Source.HasListeners() || InvokeDuration.Enabled || Invocations.Enabled || SuccessfulInvocations.Enabled || Errors.Enabled
        || Timeouts.Enabled || ColdStarts.Enabled || TimeToFirstByte.Enabled || ResponseSize.Enabled || BackpressureWait.Enabled;
}
