namespace LambdaStreaming.Transport;

/// <summary>What the parser learned from a response head that decides how the body is read.</summary>
/// <param name="StatusCode">The three-digit status code.</param>
/// <param name="ContentLength">The announced body length, or -1 when none was announced.</param>
/// <param name="Chunked">True when the body uses chunked transfer coding.</param>
/// <param name="KeepAlive">False when the connection must be closed after this response.</param>
internal readonly record struct HttpResponseHead(int StatusCode, long ContentLength, bool Chunked, bool KeepAlive)
{
    /// <summary>1xx, 204 and 304 responses never carry a body, whatever their headers say.</summary>
    public bool HasBody => StatusCode >= 200 && StatusCode != 204 && StatusCode != 304;
}
