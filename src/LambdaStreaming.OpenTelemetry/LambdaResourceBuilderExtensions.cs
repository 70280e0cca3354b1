using LambdaStreaming.OpenTelemetry;

namespace OpenTelemetry.Resources;

/// <summary>Adds the Lambda environment to an OpenTelemetry resource.</summary>
public static class LambdaResourceBuilderExtensions
{
    /// <summary>
    /// Adds the Lambda resource: <c>cloud.provider</c> (<c>aws</c>), <c>cloud.platform</c> (<c>aws_lambda</c>),
    /// <c>cloud.region</c>, <c>faas.name</c>, <c>faas.version</c>, <c>faas.instance</c> (the log stream),
    /// <c>faas.max_memory</c> (in bytes), and <c>service.name</c> (the function's name) unless <c>OTEL_SERVICE_NAME</c>
    /// or <c>OTEL_RESOURCE_ATTRIBUTES</c> names one; nothing outside Lambda. <c>AddLambdaStreamingInstrumentation</c>
    /// adds it unless told not to; to name the service in code, call <c>AddService</c> after it (the later one wins).
    /// </summary>
    /// <param name="builder">The resource builder.</param>
    public static ResourceBuilder AddLambdaStreamingDetector(this ResourceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddDetector(new LambdaResourceDetector(Environment.GetEnvironmentVariable));
    }
}
