using System.IO.Pipelines;

namespace LambdaStreaming.Benchmarks;

/// <summary>
/// A pipe writer that owns one reusable buffer and drops what is flushed: isolates the cost of chunk framing from
/// the cost of a socket.
/// </summary>
internal sealed class DiscardingPipeWriter(int capacity) : PipeWriter
{
    private readonly byte[] _buffer = new byte[capacity];
    private int _written;

    public long BytesFlushed { get; private set; }

    public override void Advance(int bytes) => _written += bytes;

    public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(_written);

    public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(_written);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        BytesFlushed += _written;
        _written = 0;
        return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
    }

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}
