using System.Buffers;
using System.Text.Json;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Http;

/// <summary>
/// Writes the HTTP-integration prelude straight into the response's pipe memory: the JSON document, then the eight
/// NUL bytes that tell Lambda where the body begins. The JSON writer escapes every control character, so no value
/// can end the document early or smuggle a NUL into it; header and cookie strings are still validated first, because
/// once Lambda turns them into real header lines, a CR or LF would split one header into two.
/// </summary>
internal static class HttpPreludeWriter
{
    /// <summary>The content type that makes Lambda read a prelude.</summary>
    public const string ContentType = HttpResponsePrelude.ContentType;

    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    /// <exception cref="ArgumentException">A header name or value, or a cookie, could change the response's framing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The status code is outside 100..599.</exception>
    public static void Validate(HttpResponsePrelude prelude)
    {
        ArgumentNullException.ThrowIfNull(prelude);
        ArgumentOutOfRangeException.ThrowIfLessThan(prelude.StatusCode, 100, nameof(prelude.StatusCode));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prelude.StatusCode, 599, nameof(prelude.StatusCode));
        foreach (var (name, value) in prelude.Headers)
        {
            HttpHeaderValidation.ThrowIfInvalid(name, value ?? throw new ArgumentException($"Header '{name}' has a null value.", nameof(prelude)), nameof(prelude));
        }
        foreach (var (name, values) in prelude.MultiValueHeaders)
        {
            foreach (var value in values)
            {
                HttpHeaderValidation.ThrowIfInvalid(name, value ?? throw new ArgumentException($"Header '{name}' has a null value.", nameof(prelude)), nameof(prelude));
            }
        }
        foreach (var cookie in prelude.Cookies)
        {
            if (cookie is null || !HttpHeaderValidation.IsSafeValue(cookie))
            {
                throw new ArgumentException("A cookie is null or contains CR, LF, NUL, another control character or a non-ASCII character, which could add a forged header or be refused.", nameof(prelude));
            }
        }
    }

    /// <summary>Writes the prelude and its delimiter. Call <see cref="Validate"/> first.</summary>
    public static void Write(IBufferWriter<byte> output, HttpResponsePrelude prelude)
    {
        using (var json = new Utf8JsonWriter(output, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("statusCode"u8, prelude.StatusCode);
            json.WriteStartObject("headers"u8);
            foreach (var (name, value) in prelude.Headers)
            {
                json.WriteString(name, value);
            }
            json.WriteEndObject();
            if (prelude.MultiValueHeaders.Count > 0)
            {
                json.WriteStartObject("multiValueHeaders"u8);
                foreach (var (name, values) in prelude.MultiValueHeaders)
                {
                    json.WriteStartArray(name);
                    foreach (var value in values)
                    {
                        json.WriteStringValue(value);
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            if (prelude.Cookies.Count > 0)
            {
                json.WriteStartArray("cookies"u8);
                foreach (var cookie in prelude.Cookies)
                {
                    json.WriteStringValue(cookie);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        var delimiter = output.GetSpan(8);
        delimiter[..8].Clear();
        output.Advance(8);
    }
}
