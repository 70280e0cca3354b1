using System.Text.Json;

namespace LambdaStreaming.Emulator.Front;

/// <summary>
/// A buffered function result read the way a BUFFERED front reads it: the payload format's response document
/// (status, headers, cookies, body), or, for payload 2.0 only, any other JSON as a 200 <c>application/json</c> body.
/// </summary>
internal sealed record ProxyResponseDocument(IntegrationPrelude Head, byte[] Body)
{
    /// <summary>Reads <paramref name="payload"/> as <paramref name="front"/>'s payload format defines.</summary>
    /// <exception cref="FormatException">Not a response the front can send (then the front answers 502).</exception>
    public static ProxyResponseDocument Parse(ReadOnlySpan<byte> payload, FrontKind front)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the function's result is not JSON ({ex.Message})", ex);
        }

        var isDocument = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("statusCode", out _);
        if (!isDocument)
        {
            if (front == FrontKind.RestApi)
            {
                throw new FormatException("a proxy integration's result needs a statusCode");
            }

            // Payload 2.0 infers the response from valid JSON without a statusCode: that JSON is the body.
            return new ProxyResponseDocument(new IntegrationPrelude(200, [new("Content-Type", "application/json")]), payload.ToArray());
        }

        var head = IntegrationPrelude.Parse(payload);
        var body = root.TryGetProperty("body", out var bodyElement) ? bodyElement : default;
        var text = body.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => "",
            JsonValueKind.String => body.GetString()!,
            _ => throw new FormatException($"body is a {body.ValueKind}, not a string"),
        };
        var base64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind == JsonValueKind.True;
        try
        {
            return new ProxyResponseDocument(head, base64 ? Convert.FromBase64String(text) : System.Text.Encoding.UTF8.GetBytes(text));
        }
        catch (FormatException)
        {
            throw new FormatException("isBase64Encoded is true but body is not base64");
        }
    }
}
