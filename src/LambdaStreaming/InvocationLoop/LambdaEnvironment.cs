using System.Globalization;
using LambdaStreaming.Transport;

namespace LambdaStreaming.InvocationLoop;

/// <summary>The Lambda environment variables, read once at start-up.</summary>
internal sealed class LambdaEnvironment
{
    public required HttpEndpoint RuntimeApi { get; init; }
    public required string FunctionName { get; init; }
    public required string FunctionVersion { get; init; }
    public required int MemoryLimitInMB { get; init; }
    public required string LogGroupName { get; init; }
    public required string LogStreamName { get; init; }
    public required LogLevel LogLevel { get; init; }
    public required LogFormat LogFormat { get; init; }
    public required int MaxConcurrency { get; init; }
    public string? Handler { get; init; }

    /// <summary>True when invocations overlap, so per-process state such as <c>_X_AMZN_TRACE_ID</c> must not be used.</summary>
    public bool IsMultiConcurrent => MaxConcurrency > 1;

    /// <summary>Reads the environment through <paramref name="variable"/>.</summary>
    /// <exception cref="LambdaEnvironmentException">A variable is missing or malformed; the message names it.</exception>
    public static LambdaEnvironment Read(Func<string, string?> variable)
    {
        var runtimeApi = variable("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            throw new LambdaEnvironmentException("AWS_LAMBDA_RUNTIME_API is not set: this program is a Lambda runtime and must be started by Lambda or by the emulator.");
        }
        HttpEndpoint endpoint;
        try
        {
            endpoint = HttpEndpoint.Parse(runtimeApi);
        }
        catch (FormatException ex)
        {
            throw new LambdaEnvironmentException($"AWS_LAMBDA_RUNTIME_API: {ex.Message}");
        }
        var logLevelText = variable("AWS_LAMBDA_LOG_LEVEL");
        var logLevel = LogSink.ParseLevel(logLevelText);
        return new LambdaEnvironment
        {
            RuntimeApi = endpoint,
            FunctionName = variable("AWS_LAMBDA_FUNCTION_NAME") ?? "",
            FunctionVersion = variable("AWS_LAMBDA_FUNCTION_VERSION") ?? "$LATEST",
            MemoryLimitInMB = PositiveInt(variable, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE") ?? 128,
            LogGroupName = variable("AWS_LAMBDA_LOG_GROUP_NAME") ?? "",
            LogStreamName = variable("AWS_LAMBDA_LOG_STREAM_NAME") ?? "",
            LogLevel = logLevel ?? (string.IsNullOrWhiteSpace(logLevelText) ? LogLevel.Information
                : throw new LambdaEnvironmentException($"AWS_LAMBDA_LOG_LEVEL '{logLevelText}' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL.")),
            LogFormat = LogSink.ParseFormat(variable("AWS_LAMBDA_LOG_FORMAT"))
                ?? throw new LambdaEnvironmentException($"AWS_LAMBDA_LOG_FORMAT '{variable("AWS_LAMBDA_LOG_FORMAT")}' is not Text or JSON."),
            MaxConcurrency = PositiveInt(variable, "AWS_LAMBDA_MAX_CONCURRENCY") ?? 1,
            Handler = variable("_HANDLER"),
        };
    }

    private static int? PositiveInt(Func<string, string?> variable, string name)
    {
        var text = variable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new LambdaEnvironmentException($"{name} '{text}' is not a positive integer.");
        }
        return value;
    }
}
