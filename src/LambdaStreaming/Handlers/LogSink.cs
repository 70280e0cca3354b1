using System.Globalization;

namespace LambdaStreaming;

/// <summary>
/// The one place log lines are written: stdout in Lambda's text layout
/// (<c>timestamp TAB requestId TAB level TAB message</c>), filtered by the minimum level, one write per line so
/// concurrent invocations never interleave within a line.
/// </summary>
internal sealed class LogSink
{
    private readonly TextWriter _output;
    private readonly object _gate = new();

    public LogSink(TextWriter output, LogLevel minimumLevel)
    {
        _output = output;
        MinimumLevel = minimumLevel;
    }

    public LogLevel MinimumLevel { get; }

    public bool IsEnabled(LogLevel level) => level >= MinimumLevel;

    public void Write(string? requestId, LogLevel level, string message)
    {
        if (!IsEnabled(level))
        {
            return;
        }
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ}\t{requestId ?? "-"}\t{LevelName(level)}\t{message}\n");
        lock (_gate)
        {
            _output.Write(line);
            _output.Flush();
        }
    }

    /// <summary>Parses <c>AWS_LAMBDA_LOG_LEVEL</c> (TRACE, DEBUG, INFO, WARN, ERROR, FATAL) and the .NET names.</summary>
    public static LogLevel? ParseLevel(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "CRITICAL" => LogLevel.Critical,
        _ => null,
    };

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };
}
