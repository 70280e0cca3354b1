using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LambdaStreaming.AspNetCore;

/// <summary>
/// The response document a buffered front reads: <c>statusCode</c>, <c>headers</c> (and <c>multiValueHeaders</c> for
/// payload 1.0, <c>cookies</c> for 2.0), <c>body</c>, <c>isBase64Encoded</c>. A body goes as text only when its content
/// type says text and its bytes are UTF-8; otherwise as base64.
/// </summary>
internal static class BufferedResponseDocument
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Write(LambdaEventSource source, int statusCode, IHeaderDictionary headers, ReadOnlyMemory<byte> body)
    {
        var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("statusCode", statusCode);
            json.WriteStartObject("headers");
            foreach (var (name, values) in headers)
            {
                if (!IsSetCookie(name) && !StreamingPrelude.IsFraming(name) && (values.Count == 1 || source == LambdaEventSource.FunctionUrl))
                {
                    json.WriteString(name, values.ToString());
                }
            }
            json.WriteEndObject();
            if (source == LambdaEventSource.RestApi)
            {
                json.WriteStartObject("multiValueHeaders");
                foreach (var (name, values) in headers)
                {
                    if (!StreamingPrelude.IsFraming(name) && (values.Count > 1 || IsSetCookie(name)))
                    {
                        json.WriteStartArray(name);
                        foreach (var value in values)
                        {
                            json.WriteStringValue(value);
                        }
                        json.WriteEndArray();
                    }
                }
                json.WriteEndObject();
            }
            else if (headers.TryGetValue(HeaderNames.SetCookie, out var cookies))
            {
                json.WriteStartArray("cookies");
                foreach (var cookie in cookies)
                {
                    json.WriteStringValue(cookie);
                }
                json.WriteEndArray();
            }
            if (TryText(headers.ContentType, body.Span, out var text))
            {
                json.WriteString("body", text);
                json.WriteBoolean("isBase64Encoded", false);
            }
            else
            {
                json.WriteBase64String("body", body.Span);
                json.WriteBoolean("isBase64Encoded", true);
            }
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsSetCookie(string name) => name.Equals(HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase);

    private static bool TryText(string? contentType, ReadOnlySpan<byte> body, out string text)
    {
        text = "";
        if (body.IsEmpty)
        {
            return true;
        }
        var type = contentType ?? "";
        var isText = type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
            type.Contains("json", StringComparison.OrdinalIgnoreCase) ||
            type.Contains("xml", StringComparison.OrdinalIgnoreCase) ||
            type.Contains("javascript", StringComparison.OrdinalIgnoreCase) ||
            type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (!isText)
        {
            return false;
        }
        try
        {
            text = StrictUtf8.GetString(body);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
