using System.Buffers;
using System.IO.Pipelines;
using LambdaStreaming.InvocationLoop;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Http;

/// <summary>
/// The loop's side of a <see cref="ResponseStream"/>, reduced to an unbounded pipe: what the stream commits is
/// read back by the test, and the completion callbacks are kept for the test to run, as the runtime would when
/// the handler returns.
/// </summary>
internal sealed class PipeResponseControl : IResponseControl
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0));

    public PipeResponseControl() => Stream = new ResponseStream(this);

    public ResponseStream Stream { get; }

    public List<Func<ValueTask>> CompletingCallbacks { get; } = [];

    public string ContentType { get; set; } = "application/octet-stream";

    public bool HasStarted => false;

    public long BytesWritten => 0;

    public long UnflushedBytes => 0;

    public Memory<byte> GetMemory(int sizeHint) => _pipe.Writer.GetMemory(sizeHint);

    public void Advance(int bytes) => _pipe.Writer.Advance(bytes);

    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken) => _pipe.Writer.FlushAsync(cancellationToken);

    public void CancelPendingFlush() => _pipe.Writer.CancelPendingFlush();

    public void Complete(Exception? exception) => _pipe.Writer.Complete(exception);

    public ValueTask CompleteAsync(Exception? exception) => _pipe.Writer.CompleteAsync(exception);

    public void SetBufferedResult(ReadOnlyMemory<byte> body, string contentType) => throw new NotSupportedException();

    public void OnCompleting(Func<ValueTask> callback) => CompletingCallbacks.Add(callback);

    public void OnCompleted(Func<ValueTask> callback) => throw new NotSupportedException();

    /// <summary>Completes the pipe and returns every byte committed (flushed or not).</summary>
    public async Task<byte[]> ReadAllAsync()
    {
        await _pipe.Writer.CompleteAsync();
        return await Transport.TransportTestUtil.ReadToEndAsync(_pipe.Reader).WithGuard();
    }
}
