using System.Buffers;
using System.IO.Pipelines;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Http;

/// <summary>
/// A <see cref="PipeWriter"/> over an unbounded <see cref="Pipe"/> whose first flushes throw, as a connection that is
/// gone would; it also records the largest memory request and tells the test when a flush was attempted.
/// </summary>
internal sealed class FlakyPipeWriter(int failingFlushes = 0) : PipeWriter
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0));
    private readonly TaskCompletionSource _flushAttempted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failuresLeft = failingFlushes;

    /// <summary>The largest size hint passed to <see cref="GetMemory"/> or <see cref="GetSpan"/>.</summary>
    public int LargestSizeHint { get; private set; }

    /// <summary>Completes at the first call of <see cref="FlushAsync"/>, failing or not.</summary>
    public Task FlushAttempted => _flushAttempted.Task;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        LargestSizeHint = Math.Max(LargestSizeHint, sizeHint);
        return _pipe.Writer.GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        LargestSizeHint = Math.Max(LargestSizeHint, sizeHint);
        return _pipe.Writer.GetSpan(sizeHint);
    }

    public override void Advance(int bytes) => _pipe.Writer.Advance(bytes);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        _flushAttempted.TrySetResult();
        if (_failuresLeft > 0)
        {
            _failuresLeft--;
            throw new IOException("The connection is gone.");
        }
        return _pipe.Writer.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => _pipe.Writer.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _pipe.Writer.Complete(exception);

    /// <summary>Completes the pipe and returns every byte committed (flushed or not).</summary>
    public async Task<byte[]> ReadAllAsync()
    {
        await _pipe.Writer.CompleteAsync();
        return await Transport.TransportTestUtil.ReadToEndAsync(_pipe.Reader).WithGuard();
    }
}
