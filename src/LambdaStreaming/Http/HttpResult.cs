using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaStreaming.Http;

/// <summary>
/// A whole HTTP response (status, headers, cookies, body) for a Function URL or API Gateway REST: sent with the same
/// prelude as a streamed one, in a single chunk. Build one with <see cref="Text"/>, <see cref="Json{T}"/> or
/// <see cref="Bytes"/>, then add headers and cookies.
/// </summary>
public sealed class HttpResult
{
    private HttpResult(int statusCode, ReadOnlyMemory<byte> body, string contentType)
    {
        Prelude.StatusCode = statusCode;
        Prelude.Headers["content-type"] = contentType;
        Body = body;
    }

    /// <summary>The status, headers and cookies.</summary>
    public HttpResponsePrelude Prelude { get; } = new();

    /// <summary>The body bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>A UTF-8 text response.</summary>
    public static HttpResult Text(string text, int statusCode = 200, string contentType = "text/plain; charset=utf-8") =>
        new(statusCode, Encoding.UTF8.GetBytes(text), contentType);

    /// <summary>A JSON response serialised with source-generated metadata (reflection-free, AOT-safe).</summary>
    public static HttpResult Json<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode = 200) =>
        new(statusCode, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), "application/json");

    /// <summary>A response of raw bytes.</summary>
    public static HttpResult Bytes(ReadOnlyMemory<byte> body, string contentType = "application/octet-stream", int statusCode = 200) =>
        new(statusCode, body, contentType);

    /// <summary>Sets a header (replacing one of the same name, whatever its case) and returns this result.</summary>
    /// <remarks>Header names and values are validated when the result is sent, before anything leaves.</remarks>
    public HttpResult WithHeader(string name, string value)
    {
        Prelude.Headers[name] = value;
        return this;
    }

    /// <summary>Adds a <c>Set-Cookie</c> value (e.g. <c>session=abc; HttpOnly</c>) and returns this result.</summary>
    public HttpResult WithCookie(string cookie)
    {
        Prelude.Cookies.Add(cookie);
        return this;
    }
}
