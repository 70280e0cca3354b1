namespace LambdaStreaming.Http;

/// <summary>Starts a Server-Sent Events response on a <see cref="ResponseStream"/>.</summary>
public static class ServerSentEventsExtensions
{
    /// <summary>
    /// Starts an HTTP response with <c>Content-Type: text/event-stream</c>, <c>Cache-Control: no-cache</c> and
    /// <c>X-Accel-Buffering: no</c> (so nginx-style proxies don't hold events back), and returns the event writer.
    /// Dispose the writer (<c>await using</c>) to stop its heartbeat.
    /// </summary>
    public static ServerSentEventWriter StartServerSentEvents(this ResponseStream response, ServerSentEventOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        options ??= new ServerSentEventOptions();
        var prelude = new HttpResponsePrelude { StatusCode = options.StatusCode };
        prelude.Headers["content-type"] = "text/event-stream; charset=utf-8";
        prelude.Headers["cache-control"] = "no-cache";
        prelude.Headers["x-accel-buffering"] = "no";
        foreach (var (name, value) in options.Headers)
        {
            prelude.Headers[name] = value;
        }
        foreach (var cookie in options.Cookies)
        {
            prelude.Cookies.Add(cookie);
        }
        response.StartHttpResponse(prelude);
        var writer = new ServerSentEventWriter(response, options.HeartbeatInterval, options.TimeProvider);
        // The runtime must never end the body while a heartbeat is half-written.
        response.OnCompleting(writer.StopHeartbeatAsync);
        return writer;
    }
}
