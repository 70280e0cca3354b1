using Microsoft.Extensions.Logging;

namespace LambdaStreaming.Logging;

/// <summary>
/// Sends <see cref="ILogger"/> output to the LambdaStreaming runtime's log: each line carries the request id of the
/// invocation it was written in, and follows <c>AWS_LAMBDA_LOG_FORMAT</c> and <c>AWS_LAMBDA_LOG_LEVEL</c>.
/// </summary>
[ProviderAlias("LambdaStreaming")]
public sealed class LambdaLoggerProvider : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new LambdaCategoryLogger(categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
