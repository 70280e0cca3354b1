using System.Buffers;

namespace LambdaStreaming.Http;

/// <summary>Turns a <see cref="ResponseStream"/> into an HTTP response for Function URLs and API Gateway REST streaming.</summary>
public static class HttpResponseStreamExtensions
{
    /// <summary>
    /// Starts an HTTP response: sets the integration content type and writes the prelude (status, headers, cookies)
    /// and its delimiter into the stream. What is written next is the body. Nothing is sent until the first flush,
    /// so a handler that fails before then still reports a clean error.
    /// </summary>
    /// <exception cref="ArgumentException">A header or cookie contains CR, LF or NUL; nothing has been written.</exception>
    /// <exception cref="InvalidOperationException">The body has already begun.</exception>
    public static ResponseStream StartHttpResponse(this ResponseStream response, HttpResponsePrelude prelude)
    {
        ArgumentNullException.ThrowIfNull(response);
        HttpPreludeWriter.Validate(prelude);
        response.ContentType = HttpPreludeWriter.ContentType;
        HttpPreludeWriter.Write(response, prelude);
        return response;
    }

    /// <summary>Starts an HTTP response with a status code, optional headers and optional cookies.</summary>
    /// <exception cref="ArgumentException">A header or cookie contains CR, LF or NUL; nothing has been written.</exception>
    public static ResponseStream StartHttpResponse(this ResponseStream response, int statusCode, IEnumerable<KeyValuePair<string, string>>? headers = null, IEnumerable<string>? cookies = null)
    {
        var prelude = new HttpResponsePrelude { StatusCode = statusCode };
        foreach (var (name, value) in headers ?? [])
        {
            prelude.Headers[name] = value;
        }
        foreach (var cookie in cookies ?? [])
        {
            prelude.Cookies.Add(cookie);
        }
        return response.StartHttpResponse(prelude);
    }

    /// <summary>
    /// Sends a whole HTTP response: the prelude and the body go out as one chunk. Use it for the routes of a
    /// streaming function that answer at once; a function whose every route answers whole can return an
    /// <see cref="HttpResult"/> from its handler instead (the <c>LambdaRuntime.RunAsync</c> overload that takes one).
    /// </summary>
    /// <exception cref="ArgumentException">A header or cookie contains CR, LF or NUL; nothing has been written.</exception>
    /// <exception cref="InvalidOperationException">The body has already begun.</exception>
    public static async Task WriteHttpResultAsync(this ResponseStream response, HttpResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        response.StartHttpResponse(result.Prelude);
        response.Write(result.Body.Span);
        await response.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
