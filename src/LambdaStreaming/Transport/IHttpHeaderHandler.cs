namespace LambdaStreaming.Transport;

/// <summary>
/// Receives each response header as raw bytes while the head is parsed, so a caller materialises
/// only the headers it cares about (no dictionary per response).
/// </summary>
internal interface IHttpHeaderHandler
{
    /// <summary>Called once per header line with the name and the value stripped of surrounding whitespace.</summary>
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}
