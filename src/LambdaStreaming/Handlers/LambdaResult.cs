using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaStreaming;

/// <summary>A whole (buffered) response: sent with a <c>Content-Length</c> once the handler returns.</summary>
public readonly struct LambdaResult
{
    /// <summary>Lambda's limit for a buffered response: 6 MiB.</summary>
    public const int MaxBodyBytes = Hosting.ResponseControl.MaxBufferedBytes;

    /// <summary>A response of <paramref name="body"/> with the given content type.</summary>
    /// <param name="body">The response bytes; at most <see cref="MaxBodyBytes"/>.</param>
    /// <param name="contentType">The content type Lambda passes on to the caller.</param>
    public LambdaResult(ReadOnlyMemory<byte> body, string contentType)
    {
        Body = body;
        ContentType = contentType;
    }

    /// <summary>The response bytes; at most <see cref="MaxBodyBytes"/>.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The content type Lambda passes on to the caller.</summary>
    public string ContentType { get; }

    /// <summary>A UTF-8 text response.</summary>
    public static LambdaResult Text(string text, string contentType = "text/plain; charset=utf-8") => new(Encoding.UTF8.GetBytes(text), contentType);

    /// <summary>A JSON response serialised with source-generated metadata (reflection-free, AOT-safe).</summary>
    public static LambdaResult Json<T>(T value, JsonTypeInfo<T> typeInfo) => new(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), "application/json");

    /// <summary>A response of raw bytes.</summary>
    public static LambdaResult Bytes(ReadOnlyMemory<byte> body, string contentType = "application/octet-stream") => new(body, contentType);
}
