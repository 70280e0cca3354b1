namespace LambdaStreaming.Testing;

/// <summary>An <see cref="ILambdaLogger"/> that keeps each line in memory, in order, from any thread.</summary>
public sealed class TestLambdaLogger : ILambdaLogger
{
    private readonly List<TestLogLine> _lines = [];

    /// <summary>The lines logged so far.</summary>
    public IReadOnlyList<TestLogLine> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <inheritdoc />
    public void Log(string message) => Log(LogLevel.Information, message);

    /// <inheritdoc />
    public void LogLine(string message) => Log(LogLevel.Information, message);

    /// <inheritdoc />
    /// <remarks>Lambda's level names (<c>INFO</c>, <c>WARN</c>, <c>FATAL</c>...) and <see cref="LogLevel"/>'s are both taken; any other is Information.</remarks>
    public void Log(string level, string message) => Log(ParseLevel(level), message);

    /// <inheritdoc />
    public void Log(LogLevel level, string message)
    {
        lock (_lines)
        {
            _lines.Add(new TestLogLine(level, message));
        }
    }

    private static LogLevel ParseLevel(string level) => level.ToUpperInvariant() switch
    {
        "INFO" => LogLevel.Information,
        "WARN" => LogLevel.Warning,
        "FATAL" => LogLevel.Critical,
        _ => Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed) ? parsed : LogLevel.Information,
    };
}
