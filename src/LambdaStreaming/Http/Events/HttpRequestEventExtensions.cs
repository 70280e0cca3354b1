using System.Text;

namespace LambdaStreaming.Http;

/// <summary>Reads the body, headers and query of an HTTP request event, whichever front sent it.</summary>
public static class HttpRequestEventExtensions
{
    /// <summary>The body as bytes, base64-decoded when the front encoded it; empty when there is no body.</summary>
    /// <exception cref="FormatException">The event claims a base64 body that is not valid base64.</exception>
    public static byte[] GetBodyBytes(this IHttpRequestEvent request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Body))
        {
            return [];
        }

        return request.IsBase64Encoded ? Convert.FromBase64String(request.Body) : Encoding.UTF8.GetBytes(request.Body);
    }

    /// <summary>The body as text, base64-decoded (as UTF-8) when the front encoded it; empty when there is no body.</summary>
    /// <exception cref="FormatException">The event claims a base64 body that is not valid base64.</exception>
    public static string GetBodyText(this IHttpRequestEvent request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Body))
        {
            return "";
        }

        return request.IsBase64Encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(request.Body)) : request.Body;
    }

    /// <summary>
    /// A header's value, found whatever the case of its name (HTTP header names are case-insensitive, and the fronts
    /// differ: Function URLs lower-case them, API Gateway REST keeps the client's spelling); null when absent.
    /// </summary>
    public static string? GetHeader(this IHttpRequestEvent request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return FindIgnoringCase(request.Headers, name);
    }

    /// <summary>A query parameter's value (exact name, as query names are case-sensitive); null when absent.</summary>
    public static string? GetQueryParameter(this IHttpRequestEvent request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(name);
        return request.QueryStringParameters is { } query && query.TryGetValue(name, out var value) ? value : null;
    }

    private static string? FindIgnoringCase(IDictionary<string, string>? values, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (values is null)
        {
            return null;
        }

        if (values.TryGetValue(name, out var exact))
        {
            return exact;
        }

        foreach (var (key, value) in values)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
