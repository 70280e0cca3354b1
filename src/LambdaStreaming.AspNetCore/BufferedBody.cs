using System.Buffers;
using System.IO.Pipelines;

namespace LambdaStreaming.AspNetCore;

/// <summary>The body of a buffered response, kept whole until the app is done.</summary>
internal sealed class BufferedBody : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private long _unflushed;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        _buffer.Advance(bytes);
        _unflushed += bytes;
    }

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _unflushed;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        _unflushed = 0;
        return new(new FlushResult(false, false));
    }

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}
