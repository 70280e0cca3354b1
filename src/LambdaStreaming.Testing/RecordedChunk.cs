namespace LambdaStreaming.Testing;

/// <summary>One chunk of a streamed response, as Lambda would have received it: the bytes of one flush, and when.</summary>
public readonly struct RecordedChunk
{
    /// <summary>Creates a chunk.</summary>
    /// <param name="bytes">What the flush sent.</param>
    /// <param name="at">When, from the start of the invocation, on the context's <see cref="TimeProvider"/>.</param>
    public RecordedChunk(ReadOnlyMemory<byte> bytes, TimeSpan at)
    {
        Bytes = bytes;
        At = at;
    }

    /// <summary>What the flush sent (for the first chunk of an HTTP response, the prelude and its separator too).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>When it was sent, from the start of the invocation, on the context's <see cref="TimeProvider"/>.</summary>
    public TimeSpan At { get; }
}
