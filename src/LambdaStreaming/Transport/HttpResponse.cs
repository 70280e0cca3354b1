namespace LambdaStreaming.Transport;

/// <summary>A complete HTTP/1.1 response: its status and its body, already read off the connection.</summary>
/// <param name="StatusCode">The three-digit status code.</param>
/// <param name="Body">The body bytes (owned by the caller; not pipe memory).</param>
/// <param name="KeepAlive">False when the peer asked to close the connection after this response.</param>
internal readonly record struct HttpResponse(int StatusCode, ReadOnlyMemory<byte> Body, bool KeepAlive);
