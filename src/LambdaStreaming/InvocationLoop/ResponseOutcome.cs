namespace LambdaStreaming.Hosting;

/// <summary>
/// How an invocation ended: the one report <see cref="ResponseControl.EndAsync"/> chose for it. A report the sink could
/// not deliver is logged; the outcome names what was sent, or attempted.
/// </summary>
public enum ResponseOutcome
{
    /// <summary>A whole (buffered) response, sent with a <c>Content-Length</c>.</summary>
    Response,

    /// <summary>A streamed response, ended cleanly (also when the handler failed after completing it: the response stands).</summary>
    Stream,

    /// <summary>A streamed response that failed after bytes were sent, ended with the error trailers.</summary>
    StreamWithErrorTrailers,

    /// <summary>A failure before any byte was sent, reported as an error (<c>/error</c> on the Runtime API).</summary>
    Error,
}
