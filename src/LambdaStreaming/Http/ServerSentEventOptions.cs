namespace LambdaStreaming.Http;

/// <summary>How <see cref="ServerSentEventsExtensions.StartServerSentEvents"/> starts an event stream.</summary>
public sealed class ServerSentEventOptions
{
    /// <summary>
    /// Sends a comment line when no event was written for this long, so that API Gateway's idle timeout, proxies and
    /// load balancers keep the connection open. Null (the default) sends none.
    /// </summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>The HTTP status code; 200 unless set.</summary>
    public int StatusCode { get; set; } = 200;

    /// <summary>Extra response headers; the event-stream headers are added unless given here.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>Set-Cookie</c> values.</summary>
    public IList<string> Cookies { get; } = [];

    /// <summary>The clock behind the heartbeat.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
