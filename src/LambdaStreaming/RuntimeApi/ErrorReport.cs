using System.Buffers;
using System.Text.Json;

namespace LambdaStreaming.Hosting;

/// <summary>
/// A failure as the Runtime API wants it: an error type for the <c>Lambda-Runtime-Function-Error-Type</c> header
/// (Lambda classifies <c>(Runtime|Function).Name</c>) and a JSON document
/// <c>{"errorMessage","errorType","stackTrace"}</c> whose <c>errorType</c> is the .NET exception type.
/// </summary>
/// <remarks>What an <c>IResponseSink</c> receives when an invocation fails: in <c>/error</c> before any byte, in the error trailers after.</remarks>
public sealed class ErrorReport
{
    /// <summary>The header value for an exception a handler let escape.</summary>
    public const string UnhandledExceptionType = "Function.UnhandledException";

    private ErrorReport(string errorType, byte[] json)
    {
        ErrorType = errorType;
        Json = json;
    }

    /// <summary>The value of <c>Lambda-Runtime-Function-Error-Type</c>.</summary>
    public string ErrorType { get; }

    /// <summary>The UTF-8 error document.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>Describes an exception; the inner exception chain is kept in <c>cause</c>, like the official runtimes do.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="errorType">The value of <c>Lambda-Runtime-Function-Error-Type</c>.</param>
    public static ErrorReport FromException(Exception exception, string errorType = UnhandledExceptionType)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteException(writer, exception, depth: 0);
        }
        return new ErrorReport(errorType, buffer.WrittenSpan.ToArray());
    }

    /// <summary>An error that has no exception behind it, e.g. an invalid invocation.</summary>
    /// <param name="errorType">The value of <c>Lambda-Runtime-Function-Error-Type</c>, also the document's <c>errorType</c>.</param>
    /// <param name="message">The document's <c>errorMessage</c>.</param>
    public static ErrorReport FromMessage(string errorType, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", message);
            writer.WriteString("errorType", errorType);
            writer.WriteStartArray("stackTrace");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return new ErrorReport(errorType, buffer.WrittenSpan.ToArray());
    }

    private static void WriteException(Utf8JsonWriter writer, Exception exception, int depth)
    {
        writer.WriteStartObject();
        writer.WriteString("errorMessage", exception.Message);
        writer.WriteString("errorType", exception.GetType().FullName ?? exception.GetType().Name);
        writer.WriteStartArray("stackTrace");
        foreach (var line in (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            writer.WriteStringValue(line);
        }
        writer.WriteEndArray();
        if (exception.InnerException is { } inner && depth < 8)
        {
            writer.WritePropertyName("cause");
            WriteException(writer, inner, depth + 1);
        }
        writer.WriteEndObject();
    }
}
