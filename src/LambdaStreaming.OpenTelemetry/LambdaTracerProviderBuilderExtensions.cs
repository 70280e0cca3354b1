using LambdaStreaming.OpenTelemetry;
using LambdaStreaming.Telemetry;
using OpenTelemetry.Resources;

namespace OpenTelemetry.Trace;

/// <summary>Subscribes a tracer provider to the LambdaStreaming runtime.</summary>
public static class LambdaTracerProviderBuilderExtensions
{
    /// <summary>
    /// Records one span per invocation (the runtime's <see cref="LambdaTelemetry.ActivitySourceName"/> source, with the
    /// attributes of <see cref="LambdaTelemetryNames"/>), adds the Lambda resource, and force-flushes the provider
    /// before each next poll (see <see cref="LambdaStreamingInstrumentationOptions"/>).
    /// </summary>
    /// <param name="builder">The tracer provider's builder.</param>
    /// <param name="configure">Changes the defaults.</param>
    public static TracerProviderBuilder AddLambdaStreamingInstrumentation(this TracerProviderBuilder builder, Action<LambdaStreamingInstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new LambdaStreamingInstrumentationOptions();
        configure?.Invoke(options);
        builder.AddSource(LambdaTelemetry.ActivitySourceName);
        if (options.AddLambdaResource)
        {
            builder.ConfigureResource(resource => resource.AddLambdaStreamingDetector());
        }
        return builder.AddInstrumentation((_, provider) => new ProviderFlush(options, provider.ForceFlush));
    }
}
