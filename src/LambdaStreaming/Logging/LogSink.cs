using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LambdaStreaming;

/// <summary>
/// The one place log lines are written: stdout in Lambda's text layout
/// (<c>timestamp TAB requestId TAB level TAB message</c>) or as one JSON object per line (what CloudWatch's
/// JSON log format expects), filtered by the minimum level before anything is formatted, one write per line so
/// concurrent invocations never interleave within a line.
/// </summary>
internal sealed class LogSink
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private TextWriter? _output;
    private readonly LogFormat _format;
    private readonly object _gate = new();
    private readonly ArrayBufferWriter<byte> _json = new(256);

    /// <param name="output">Where lines go; null for stdout, opened at the first line.</param>
    /// <param name="minimumLevel">Lines below it are dropped before they are formatted.</param>
    /// <param name="format">Lambda's text layout or JSON.</param>
    public LogSink(TextWriter? output, LogLevel minimumLevel, LogFormat format = LogFormat.Text)
    {
        _output = output;
        _format = format;
        MinimumLevel = minimumLevel;
    }

    public LogLevel MinimumLevel { get; }

    // Opened at the first line, so a function that logs nothing while it starts does not open the console before
    // its first poll (docs/performance-notes.md).
    private TextWriter Output => _output ??= Console.Out;

    public bool IsEnabled(LogLevel level) => level >= MinimumLevel;

    /// <param name="requestId">The invocation's request id, or null outside an invocation.</param>
    /// <param name="level">Lines below <see cref="MinimumLevel"/> are dropped.</param>
    /// <param name="message">The text of the line.</param>
    /// <param name="exception">Written after the message (text) or as <c>errorType</c>/<c>errorMessage</c>/<c>stackTrace</c> (JSON).</param>
    /// <param name="tenantId">The invocation's tenant (tenant-isolated functions), written as <c>tenantId</c> in JSON lines.</param>
    public void Write(string? requestId, LogLevel level, string message, Exception? exception = null, string? tenantId = null)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var timestamp = DateTime.UtcNow;
        lock (_gate)
        {
            if (_format == LogFormat.Json)
            {
                WriteJson(timestamp, requestId, tenantId, level, message, exception);
            }
            else
            {
                Output.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{timestamp:yyyy-MM-ddTHH:mm:ss.fffZ}\t{requestId ?? "-"}\t{LevelName(level)}\t{message}{(exception is null ? "" : "\n" + exception)}\n"));
            }

            Output.Flush();
        }
    }

    /// <summary>Parses <c>AWS_LAMBDA_LOG_FORMAT</c> (<c>Text</c> or <c>JSON</c>, any case); null when unknown.</summary>
    public static LogFormat? ParseFormat(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "TEXT" => LogFormat.Text,
        "JSON" => LogFormat.Json,
        _ => null,
    };

    // Called under the lock: the buffer is shared.
    private void WriteJson(DateTime timestamp, string? requestId, string? tenantId, LogLevel level, string message, Exception? exception)
    {
        _json.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_json, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp"u8, timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("level"u8, LevelName(level));
            if (requestId is not null)
            {
                json.WriteString("requestId"u8, requestId);
            }

            if (tenantId is not null)
            {
                json.WriteString("tenantId"u8, tenantId);
            }

            json.WriteString("message"u8, message);
            if (exception is not null)
            {
                json.WriteString("errorType"u8, exception.GetType().FullName ?? exception.GetType().Name);
                json.WriteString("errorMessage"u8, exception.Message);
                json.WriteStartArray("stackTrace"u8);
                foreach (var frame in (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    json.WriteStringValue(frame);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        Output.Write(Encoding.UTF8.GetString(_json.WrittenSpan));
        Output.Write('\n');
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
