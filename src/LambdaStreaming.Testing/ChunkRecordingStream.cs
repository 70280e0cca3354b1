namespace LambdaStreaming.Testing;

/// <summary>
/// What a streamed response's writer writes to: the bytes of each flush become one <see cref="RecordedChunk"/> (the
/// runtime's writer sends a flush as one chunk, or as several when it outgrew the writer's buffer).
/// </summary>
internal sealed class ChunkRecordingStream(TimeProvider time, long startedAt) : Stream
{
    private readonly MemoryStream _pending = new();
    private readonly List<RecordedChunk> _chunks = [];

    public IReadOnlyList<RecordedChunk> Chunks => _chunks;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _pending.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        if (_pending.Length > 0)
        {
            _chunks.Add(new RecordedChunk(_pending.ToArray(), time.GetElapsedTime(startedAt)));
            _pending.SetLength(0);
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flush();
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
