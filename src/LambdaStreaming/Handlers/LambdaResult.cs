using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaStreaming;

/// <summary>A whole (buffered) response: sent with a <c>Content-Length</c> once the handler returns.</summary>
/// <param name="Body">The response bytes; at most 6 MiB, Lambda's buffered limit.</param>
/// <param name="ContentType">The content type Lambda passes on to the caller.</param>
public readonly record struct LambdaResult(ReadOnlyMemory<byte> Body, string ContentType)
{
    /// <summary>Lambda's limit for a buffered response.</summary>
    public const int MaxBodyBytes = 6 * 1024 * 1024;

    /// <summary>A UTF-8 text response.</summary>
    public static LambdaResult Text(string text, string contentType = "text/plain; charset=utf-8") => new(Encoding.UTF8.GetBytes(text), contentType);

    /// <summary>A JSON response serialised with source-generated metadata (reflection-free, AOT-safe).</summary>
    public static LambdaResult Json<T>(T value, JsonTypeInfo<T> typeInfo) => new(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), "application/json");

    /// <summary>A response of raw bytes.</summary>
    public static LambdaResult Bytes(ReadOnlyMemory<byte> body, string contentType = "application/octet-stream") => new(body, contentType);
}
