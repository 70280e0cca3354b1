using System.Text.Json;

namespace LambdaStreaming.Emulator.Front;

/// <summary>
/// The JSON prelude of an <c>application/vnd.awslambda.http-integration-response</c>: status, headers and cookies
/// the front sends before the body.
/// </summary>
internal sealed record IntegrationPrelude(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The content type that tells the front to look for a prelude.</summary>
    public const string ContentType = "application/vnd.awslambda.http-integration-response";

    // Headers the front owns: the body's framing is its business, not the function's.
    private static readonly HashSet<string> FrontOwnedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer",
    };

    /// <summary>Reads the prelude's JSON (without the NUL delimiter).</summary>
    /// <exception cref="FormatException">Not a JSON object of the prelude's shape.</exception>
    public static IntegrationPrelude Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The prelude is not a JSON object.");
            }

            var statusCode = 200;
            if (root.TryGetProperty("statusCode", out var status))
            {
                if (status.ValueKind != JsonValueKind.Number || !status.TryGetInt32(out statusCode) || statusCode is < 100 or > 599)
                {
                    throw new FormatException($"The prelude's statusCode {status} is not an HTTP status.");
                }
            }

            var headers = new List<KeyValuePair<string, string>>();
            if (root.TryGetProperty("headers", out var single) && single.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in single.EnumerateObject())
                {
                    Add(headers, header.Name, header.Value);
                }
            }

            if (root.TryGetProperty("multiValueHeaders", out var multi) && multi.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in multi.EnumerateObject())
                {
                    if (header.Value.ValueKind != JsonValueKind.Array)
                    {
                        throw new FormatException($"multiValueHeaders.{header.Name} is not an array.");
                    }

                    foreach (var value in header.Value.EnumerateArray())
                    {
                        Add(headers, header.Name, value);
                    }
                }
            }

            if (root.TryGetProperty("cookies", out var cookies) && cookies.ValueKind == JsonValueKind.Array)
            {
                foreach (var cookie in cookies.EnumerateArray())
                {
                    Add(headers, "Set-Cookie", cookie);
                }
            }

            return new IntegrationPrelude(statusCode, headers);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The prelude is not valid JSON: {ex.Message}", ex);
        }
    }

    private static void Add(List<KeyValuePair<string, string>> headers, string name, JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw new FormatException($"Header '{name}' has a {value.ValueKind} value."),
        };
        // What a real front would refuse too: line breaks and NULs split headers; controls and non-ASCII break parsers.
        if (text.Any(c => c is not ('\t' or (>= ' ' and <= '~'))) || name.Length == 0 || name.Any(c => c is <= ' ' or >= '\u007f' or ':'))
        {
            throw new FormatException($"Header '{name}' contains a character that would split the header or that HTTP does not allow.");
        }

        if (!FrontOwnedHeaders.Contains(name))
        {
            headers.Add(new(name, text));
        }
    }
}
