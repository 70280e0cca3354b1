namespace LambdaStreaming.Transport;

/// <summary>Why the HTTP/1.1 response parser refused what the peer sent.</summary>
internal enum HttpRejectionReason
{
    /// <summary>The status line is not <c>HTTP/1.x NNN reason</c>.</summary>
    InvalidStatusLine,
    /// <summary>A header line has no colon, an empty or invalid name, or is folded.</summary>
    InvalidHeaderLine,
    /// <summary>A single status or header line exceeds the configured limit.</summary>
    HeaderLineTooLong,
    /// <summary>The whole response head exceeds the configured limit.</summary>
    HeadersTooLarge,
    /// <summary>The response has a body but neither <c>Content-Length</c> nor chunked framing.</summary>
    MissingContentLength,
    /// <summary><c>Content-Length</c> is not a non-negative decimal integer, or appears twice with different values.</summary>
    InvalidContentLength,
    /// <summary>Both <c>Content-Length</c> and <c>Transfer-Encoding</c> are present, or the encoding is not chunked.</summary>
    InvalidTransferEncoding,
    /// <summary>A chunk-size line or chunk terminator of a chunked body is malformed.</summary>
    InvalidChunkedBody,
    /// <summary>The body is larger than the caller allows.</summary>
    BodyTooLarge,
    /// <summary>The connection ended before the response was complete.</summary>
    UnexpectedEndOfStream,
}
