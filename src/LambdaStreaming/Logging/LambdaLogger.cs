namespace LambdaStreaming;

/// <summary>The <see cref="ILambdaLogger"/> handed to one invocation: every line carries its request id (and tenant, if any).</summary>
internal sealed class LambdaLogger(LogSink sink, string? requestId, string? tenantId = null) : ILambdaLogger
{
    public void Log(string message) => sink.Write(requestId, LogLevel.Information, message, tenantId: tenantId);

    public void LogLine(string message) => sink.Write(requestId, LogLevel.Information, message, tenantId: tenantId);

    public void Log(string level, string message) =>
        sink.Write(requestId, LogSink.ParseLevel(level) ?? (Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed) ? parsed : LogLevel.Information), message, tenantId: tenantId);

    public void Log(LogLevel level, string message) => sink.Write(requestId, level, message, tenantId: tenantId);

    public void Log(LogLevel level, Exception exception, string message) => sink.Write(requestId, level, message, exception, tenantId);
}
