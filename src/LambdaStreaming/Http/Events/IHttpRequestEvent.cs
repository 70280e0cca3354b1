namespace LambdaStreaming.Http;

/// <summary>
/// What the two HTTP fronts of Lambda have in common: a Function URL request (payload 2.0) and an API Gateway REST
/// proxy request (payload 1.0) both carry a method, a path, headers, query parameters and a body that may be base64.
/// </summary>
/// <remarks>The helpers in <see cref="HttpRequestEventExtensions"/> work on any of them.</remarks>
public interface IHttpRequestEvent
{
    /// <summary>The HTTP method, upper case (<c>GET</c>, <c>POST</c>...).</summary>
    string Method { get; }

    /// <summary>The request path without the query string, e.g. <c>/stream</c>.</summary>
    string Path { get; }

    /// <summary>The request headers as the front delivered them (names may be lower-cased).</summary>
    IDictionary<string, string>? Headers { get; }

    /// <summary>The query parameters; a parameter given several times has its values joined with commas.</summary>
    IDictionary<string, string>? QueryStringParameters { get; }

    /// <summary>The body as delivered: text, or base64 when <see cref="IsBase64Encoded"/> is true.</summary>
    string? Body { get; }

    /// <summary>Whether <see cref="Body"/> is base64 (the front does this for bodies it does not consider text).</summary>
    bool IsBase64Encoded { get; }
}
