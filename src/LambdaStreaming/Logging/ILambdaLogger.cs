namespace LambdaStreaming;

/// <summary>
/// Writes to the function's log (stdout, which Lambda sends to CloudWatch). Member names and types match
/// <c>Amazon.Lambda.Core.ILambdaLogger</c>.
/// </summary>
public interface ILambdaLogger
{
    /// <summary>Logs a message at <see cref="LogLevel.Information"/>.</summary>
    void Log(string message);

    /// <summary>Logs a message at <see cref="LogLevel.Information"/>.</summary>
    void LogLine(string message);

    /// <summary>Logs a message at a level named by text (<c>"Warning"</c>, <c>"ERROR"</c>, ...).</summary>
    void Log(string level, string message);

    /// <summary>Logs a message at a level.</summary>
    void Log(LogLevel level, string message);

    /// <summary>Logs at <see cref="LogLevel.Trace"/>.</summary>
    void LogTrace(string message) => Log(LogLevel.Trace, message);

    /// <summary>Logs at <see cref="LogLevel.Debug"/>.</summary>
    void LogDebug(string message) => Log(LogLevel.Debug, message);

    /// <summary>Logs at <see cref="LogLevel.Information"/>.</summary>
    void LogInformation(string message) => Log(LogLevel.Information, message);

    /// <summary>Logs at <see cref="LogLevel.Warning"/>.</summary>
    void LogWarning(string message) => Log(LogLevel.Warning, message);

    /// <summary>Logs at <see cref="LogLevel.Error"/>.</summary>
    void LogError(string message) => Log(LogLevel.Error, message);

    /// <summary>Logs at <see cref="LogLevel.Critical"/>.</summary>
    void LogCritical(string message) => Log(LogLevel.Critical, message);

    /// <summary>Logs a message with an exception (type, message and stack trace; separate fields in the JSON format).</summary>
    void Log(LogLevel level, Exception exception, string message) => Log(level, $"{message}\n{exception}");

    /// <summary>Logs an error with its exception.</summary>
    void LogError(Exception exception, string message) => Log(LogLevel.Error, exception, message);
}
