namespace LambdaStreaming.AspNetCore;

/// <summary>How the host sends a response back to the front.</summary>
public enum LambdaResponseMode
{
    /// <summary>
    /// Streamed: status and headers in the HTTP-integration prelude, then the body chunk by chunk from its first flush.
    /// For a Function URL with <c>InvokeMode: RESPONSE_STREAM</c> or a REST integration with <c>transferMode: STREAM</c>.
    /// </summary>
    Streaming,

    /// <summary>
    /// Whole: the response document (<c>statusCode</c>, <c>headers</c>, <c>body</c>, <c>isBase64Encoded</c>) once the
    /// app is done. For a BUFFERED Function URL, an HTTP API, or a REST integration that does not stream; at most 6 MiB.
    /// </summary>
    Buffered,
}
