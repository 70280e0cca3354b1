using System.Text;
using System.Text.Json;

namespace LambdaStreaming.Telemetry;

/// <summary>
/// What an invocation's telemetry needs from its event: whether it is an HTTP event (Function URL, API Gateway or ALB:
/// a <c>requestContext</c> with <c>httpMethod</c> or <c>rawPath</c> beside it) and, for one, its W3C trace headers.
/// Read with one pass of <see cref="Utf8JsonReader"/> over the top level, only when something listens.
/// </summary>
/// <param name="IsHttp">True for an HTTP event.</param>
/// <param name="TraceParent">The <c>traceparent</c> header (any case), when the event has one.</param>
/// <param name="TraceState">The <c>tracestate</c> header (any case), when the event has one.</param>
internal readonly record struct InvocationEventFacts(bool IsHttp, string? TraceParent, string? TraceState)
{
    /// <summary>Reads <paramref name="payload"/>; an event that is not a JSON object (or not JSON) is not an HTTP event.</summary>
    public static InvocationEventFacts Read(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        bool requestContext = false, httpShape = false;
        string? traceParent = null, traceState = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (NameIs(ref reader, "requestContext"u8))
                {
                    reader.Read();
                    requestContext = reader.TokenType == JsonTokenType.StartObject;
                }
                else if (NameIs(ref reader, "httpMethod"u8) || NameIs(ref reader, "rawPath"u8))
                {
                    reader.Read();
                    httpShape = reader.TokenType == JsonTokenType.String;
                }
                else if (NameIs(ref reader, "headers"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadTraceHeaders(ref reader, ref traceParent, ref traceState);
                        continue;
                    }
                }
                else
                {
                    reader.Read();
                }
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A malformed event is the handler's to refuse; for telemetry it is simply not an HTTP event.
            return default;
        }
        var isHttp = requestContext && httpShape;
        return isHttp ? new InvocationEventFacts(true, traceParent, traceState) : default;
    }

    private static void ReadTraceHeaders(ref Utf8JsonReader reader, ref string? traceParent, ref string? traceState)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isParent = NameIsIgnoreCase(ref reader, "traceparent"u8);
            var isState = !isParent && NameIsIgnoreCase(ref reader, "tracestate"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                if (isParent)
                {
                    traceParent = reader.GetString();
                }
                else if (isState)
                {
                    traceState = reader.GetString();
                }
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static bool NameIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) => reader.ValueTextEquals(name);

    private static bool NameIsIgnoreCase(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (!reader.ValueIsEscaped)
        {
            return Ascii.EqualsIgnoreCase(reader.ValueSpan, name);
        }
        var text = reader.GetString();
        return text is not null && Ascii.EqualsIgnoreCase(text, Encoding.ASCII.GetString(name));
    }
}
