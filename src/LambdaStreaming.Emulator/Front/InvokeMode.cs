namespace LambdaStreaming.Emulator.Front;

/// <summary>How the front delivers the function's response (a Function URL's <c>InvokeMode</c>; a REST integration's transfer mode).</summary>
public enum InvokeMode
{
    /// <summary><c>RESPONSE_STREAM</c> (REST: <c>transferMode: STREAM</c>): forwarded as it arrives, the status and headers from the HTTP prelude.</summary>
    ResponseStream,

    /// <summary>
    /// <c>BUFFERED</c>: the whole payload is read as the payload format's response document (2.0: <c>statusCode</c>,
    /// <c>headers</c>, <c>cookies</c>, <c>body</c>, <c>isBase64Encoded</c>, or any other JSON as a 200 body; 1.0:
    /// the same with <c>multiValueHeaders</c>, and <c>statusCode</c> required), at most 6 MiB.
    /// </summary>
    Buffered,
}
