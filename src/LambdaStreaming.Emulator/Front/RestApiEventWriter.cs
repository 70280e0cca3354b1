using System.Text.Json;

namespace LambdaStreaming.Emulator.Front;

/// <summary>
/// Writes the event an API Gateway REST API proxy integration sends (payload format 1.0), as for a
/// <c>/{proxy+}</c> resource on stage <c>local</c>. Written by hand, independently of the library's models.
/// </summary>
internal static class RestApiEventWriter
{
    public const string Stage = "local";

    public static byte[] Write(RequestSnapshot request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("resource", "/{proxy+}");
            json.WriteString("path", request.Path);
            json.WriteString("httpMethod", request.Method);
            WriteLastValues(json, "headers", request.Headers);
            WriteAllValues(json, "multiValueHeaders", request.Headers);
            WriteLastValues(json, "queryStringParameters", request.Query);
            WriteAllValues(json, "multiValueQueryStringParameters", request.Query);
            json.WriteStartObject("pathParameters");
            json.WriteString("proxy", request.Path.TrimStart('/'));
            json.WriteEndObject();
            json.WriteNull("stageVariables");

            json.WriteStartObject("requestContext");
            json.WriteString("accountId", "123456789012");
            json.WriteString("apiId", "local");
            json.WriteString("domainName", request.Host);
            json.WriteString("httpMethod", request.Method);
            json.WriteStartObject("identity");
            json.WriteString("sourceIp", request.SourceIp);
            json.WriteString("userAgent", request.UserAgent);
            json.WriteEndObject();
            json.WriteString("path", $"/{Stage}{request.Path}");
            json.WriteString("protocol", request.Protocol);
            json.WriteString("requestId", request.FrontRequestId);
            json.WriteString("requestTime", request.FormattedTime);
            json.WriteNumber("requestTimeEpoch", request.Time.ToUnixTimeMilliseconds());
            json.WriteString("resourceId", "proxy");
            json.WriteString("resourcePath", "/{proxy+}");
            json.WriteString("stage", Stage);
            json.WriteEndObject();

            json.WriteString("body", request.Body);
            json.WriteBoolean("isBase64Encoded", request.IsBase64Encoded);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    // API Gateway REST keeps the last value in the single-valued map and every value in the multi-valued one;
    // an empty map is sent as null.
    private static void WriteLastValues(Utf8JsonWriter json, string name, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> values)
    {
        if (values.Count == 0)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        foreach (var (key, list) in values)
        {
            json.WriteString(key, list.Count > 0 ? list[^1] : "");
        }
        json.WriteEndObject();
    }

    private static void WriteAllValues(Utf8JsonWriter json, string name, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> values)
    {
        if (values.Count == 0)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        foreach (var (key, list) in values)
        {
            json.WriteStartArray(key);
            foreach (var value in list)
            {
                json.WriteStringValue(value);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }
}
