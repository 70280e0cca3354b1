namespace LambdaStreaming.Transport;

/// <summary>Bounds the parser enforces so a misbehaving peer cannot make it buffer without end.</summary>
/// <param name="MaxLineLength">Longest status or header line, CRLF excluded.</param>
/// <param name="MaxHeadLength">Longest response head, status line and all headers together.</param>
/// <param name="MaxBodyLength">Largest body the caller is willing to hold in memory.</param>
internal readonly record struct HttpResponseLimits(int MaxLineLength, int MaxHeadLength, long MaxBodyLength)
{
    /// <summary>8 KiB lines, 64 KiB head, 16 MiB body: far above what the Runtime API sends.</summary>
    public static HttpResponseLimits Default { get; } = new(8 * 1024, 64 * 1024, 16 * 1024 * 1024);
}
