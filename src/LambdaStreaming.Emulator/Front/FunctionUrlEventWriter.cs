using System.Text.Json;

namespace LambdaStreaming.Emulator.Front;

/// <summary>
/// Writes the event a Function URL sends (payload format 2.0). Written by hand, independently of the library's
/// models, so tests that read it with those models check two implementations against each other.
/// </summary>
internal static class FunctionUrlEventWriter
{
    public static byte[] Write(RequestSnapshot request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var domainPrefix = request.Host.Split('.', ':')[0];
            json.WriteStartObject();
            json.WriteString("version", "2.0");
            json.WriteString("routeKey", "$default");
            json.WriteString("rawPath", request.Path);
            json.WriteString("rawQueryString", request.RawQueryString);

            // Cookies leave the headers for their own array, one entry per cookie.
            var cookies = request.Headers
                .Where(h => h.Key.Equals("cookie", StringComparison.OrdinalIgnoreCase))
                .SelectMany(h => h.Value)
                .SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
            if (cookies.Count > 0)
            {
                json.WriteStartArray("cookies");
                cookies.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            json.WriteStartObject("headers");
            foreach (var (name, values) in request.Headers)
            {
                if (!name.Equals("cookie", StringComparison.OrdinalIgnoreCase))
                {
                    json.WriteString(name.ToLowerInvariant(), string.Join(',', values));
                }
            }
            json.WriteEndObject();

            if (request.Query.Count > 0)
            {
                json.WriteStartObject("queryStringParameters");
                foreach (var (name, values) in request.Query)
                {
                    json.WriteString(name, string.Join(',', values));
                }
                json.WriteEndObject();
            }

            json.WriteStartObject("requestContext");
            json.WriteString("accountId", "anonymous");
            json.WriteString("apiId", domainPrefix);
            json.WriteString("domainName", request.Host);
            json.WriteString("domainPrefix", domainPrefix);
            json.WriteStartObject("http");
            json.WriteString("method", request.Method);
            json.WriteString("path", request.Path);
            json.WriteString("protocol", request.Protocol);
            json.WriteString("sourceIp", request.SourceIp);
            json.WriteString("userAgent", request.UserAgent);
            json.WriteEndObject();
            json.WriteString("requestId", request.FrontRequestId);
            json.WriteString("routeKey", "$default");
            json.WriteString("stage", "$default");
            json.WriteString("time", request.FormattedTime);
            json.WriteNumber("timeEpoch", request.Time.ToUnixTimeMilliseconds());
            json.WriteEndObject();

            if (request.Body is not null)
            {
                json.WriteString("body", request.Body);
            }

            json.WriteBoolean("isBase64Encoded", request.IsBase64Encoded);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
