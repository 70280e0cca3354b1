using LambdaStreaming.OpenTelemetry;
using LambdaStreaming.Telemetry;
using OpenTelemetry.Resources;

namespace OpenTelemetry.Metrics;

/// <summary>Subscribes a meter provider to the LambdaStreaming runtime.</summary>
public static class LambdaMeterProviderBuilderExtensions
{
    // The HTTP conventions' duration buckets (the FaaS ones name none), carried on to Lambda's 15-minute limit: a
    // streamed answer can run for minutes.
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 15, 30, 60, 120, 300, 900];

    // From 256 bytes to Lambda's 200 MiB streamed limit, by fours.
    private static readonly double[] ByteBuckets = [256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864, 209715200];

    /// <summary>
    /// Records the runtime's instruments (the <see cref="LambdaTelemetry.MeterName"/> meter, named in
    /// <see cref="LambdaTelemetryNames"/>) with bucket boundaries in seconds and bytes, adds the Lambda resource, and
    /// force-flushes the provider before each next poll (see <see cref="LambdaStreamingInstrumentationOptions"/>).
    /// </summary>
    /// <param name="builder">The meter provider's builder.</param>
    /// <param name="configure">Changes the defaults.</param>
    public static MeterProviderBuilder AddLambdaStreamingInstrumentation(this MeterProviderBuilder builder, Action<LambdaStreamingInstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new LambdaStreamingInstrumentationOptions();
        configure?.Invoke(options);
        builder.AddMeter(LambdaTelemetry.MeterName);
        foreach (var name in (string[])[LambdaTelemetryNames.InvokeDuration, LambdaTelemetryNames.InitDuration, LambdaTelemetryNames.TimeToFirstByte, LambdaTelemetryNames.BackpressureWait])
        {
            builder.AddView(name, new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets });
        }
        builder.AddView(LambdaTelemetryNames.ResponseSize, new ExplicitBucketHistogramConfiguration { Boundaries = ByteBuckets });
        if (options.AddLambdaResource)
        {
            builder.ConfigureResource(resource => resource.AddLambdaStreamingDetector());
        }
        return builder.AddInstrumentation((_, provider) => new ProviderFlush(options, provider.ForceFlush));
    }
}
