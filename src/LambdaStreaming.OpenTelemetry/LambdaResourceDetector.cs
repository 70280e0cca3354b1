using System.Globalization;
using OpenTelemetry.Resources;

namespace LambdaStreaming.OpenTelemetry;

/// <summary>
/// The Lambda environment as an OpenTelemetry resource, from the variables Lambda sets: <c>cloud.provider</c>,
/// <c>cloud.platform</c>, <c>cloud.region</c>, <c>faas.name</c>, <c>faas.version</c>, <c>faas.instance</c> (the log
/// stream), <c>faas.max_memory</c> (bytes), and <c>service.name</c> (the function's name) unless
/// <c>OTEL_SERVICE_NAME</c> or <c>OTEL_RESOURCE_ATTRIBUTES</c> names one. Outside Lambda (no <c>AWS_LAMBDA_FUNCTION_NAME</c>) it adds nothing.
/// </summary>
internal sealed class LambdaResourceDetector(Func<string, string?> variable) : IResourceDetector
{
    public Resource Detect()
    {
        var functionName = variable("AWS_LAMBDA_FUNCTION_NAME");
        if (string.IsNullOrEmpty(functionName))
        {
            return Resource.Empty;
        }
        var attributes = new List<KeyValuePair<string, object>>
        {
            new("cloud.provider", "aws"),
            new("cloud.platform", "aws_lambda"),
            new("faas.name", functionName),
        };
        Add(attributes, "cloud.region", variable("AWS_REGION"));
        Add(attributes, "faas.version", variable("AWS_LAMBDA_FUNCTION_VERSION"));
        Add(attributes, "faas.instance", variable("AWS_LAMBDA_LOG_STREAM_NAME"));
        if (long.TryParse(variable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes))
        {
            attributes.Add(new("faas.max_memory", megabytes * 1024 * 1024));
        }
        // Only when the user named no service through the environment; an AddService after this detector wins anyway.
        if (string.IsNullOrEmpty(variable("OTEL_SERVICE_NAME")) && !(variable("OTEL_RESOURCE_ATTRIBUTES") ?? "").Contains("service.name=", StringComparison.Ordinal))
        {
            attributes.Add(new("service.name", functionName));
        }
        return new Resource(attributes);
    }

    private static void Add(List<KeyValuePair<string, object>> attributes, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            attributes.Add(new(name, value));
        }
    }
}
