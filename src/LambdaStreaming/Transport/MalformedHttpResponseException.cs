namespace LambdaStreaming.Transport;

/// <summary>
/// The peer sent bytes that are not a well-formed HTTP/1.1 response. The connection that produced it
/// must not be reused: its framing position is unknown.
/// </summary>
internal sealed class MalformedHttpResponseException : IOException
{
    /// <summary>Creates the exception for a rejection reason with a human-readable detail.</summary>
    public MalformedHttpResponseException(HttpRejectionReason reason, string detail)
        : base($"Malformed HTTP response ({reason}): {detail}")
    {
        Reason = reason;
    }

    /// <summary>What was wrong with the response.</summary>
    public HttpRejectionReason Reason { get; }
}
