using LambdaStreaming.Telemetry;

namespace LambdaStreaming.OpenTelemetry;

/// <summary>
/// The instrumentation object a provider holds: registers the provider's force-flush with the runtime
/// (<see cref="LambdaTelemetry.RegisterFlush"/>) and unregisters it when the provider is disposed.
/// </summary>
internal sealed class ProviderFlush : IDisposable
{
    private readonly IDisposable? _registration;

    public ProviderFlush(LambdaStreamingInstrumentationOptions options, Func<int, bool> forceFlush)
    {
        if (options.FlushAfterEachInvocation)
        {
            var timeout = options.FlushTimeoutMilliseconds;
            _registration = LambdaTelemetry.RegisterFlush(() => forceFlush(timeout));
        }
    }

    public void Dispose() => _registration?.Dispose();
}
