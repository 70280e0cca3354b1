namespace LambdaStreaming.Testing;

/// <summary>
/// What one flush of a streamed response sent, and when: on the wire one chunk (or several, for a flush that outgrew
/// the runtime writer's buffer, which Lambda joins again).
/// </summary>
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
