using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaStreaming;

/// <summary>The event of one invocation: its raw bytes, with helpers to read them as text or typed JSON.</summary>
/// <remarks>A plain value with no equality of its own: two requests are alike when their bytes are, which <see cref="Payload"/>'s span compares.</remarks>
public readonly struct LambdaRequest
{
    /// <summary>Wraps an event's bytes.</summary>
    /// <param name="payload">The event exactly as the Runtime API delivered it (usually JSON).</param>
    public LambdaRequest(ReadOnlyMemory<byte> payload) => Payload = payload;

    /// <summary>The event exactly as the Runtime API delivered it (usually JSON).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The event decoded as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);

    /// <summary>Deserialises the event with source-generated metadata (reflection-free, AOT-safe).</summary>
    /// <exception cref="JsonException">
    /// The event is not valid JSON for <typeparamref name="T"/>; the message names the type, the JSON path and the position.
    /// </exception>
    public T Deserialize<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(Payload.Span, typeInfo);
        }
        catch (JsonException ex)
        {
            var where = $"{ex.Path ?? "$"}, line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}";
            throw new JsonException($"The event is not valid JSON for {typeof(T).Name} (at {where}): {ex.Message}", ex.Path, ex.LineNumber, ex.BytePositionInLine, ex);
        }
        return value ?? throw new JsonException($"The event is JSON null, not a {typeof(T).Name}.");
    }
}
