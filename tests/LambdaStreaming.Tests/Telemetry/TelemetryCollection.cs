namespace LambdaStreaming.Tests.Telemetry;

/// <summary>
/// The tests that listen to the runtime's process-wide activity source and meter: run alone, so no other test's
/// invocations are recorded (or flushed) with theirs.
/// </summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;
