using System.IO.Pipelines;
using LambdaStreaming.Hosting;

namespace LambdaStreaming.Testing;

/// <summary>The <see cref="IResponseSink"/> of an in-memory invocation: it keeps what Lambda would have received.</summary>
internal sealed class RecordingSink(TimeProvider time) : IResponseSink
{
    private readonly long _startedAt = time.GetTimestamp();
    private ChunkRecordingStream? _stream;
    private PipeWriter? _writer;
    private string? _streamContentType;
    private RecordedChunk? _whole;
    private string? _wholeContentType;

    /// <summary>The error report, or the error trailers of a stream.</summary>
    public ErrorReport? Error { get; private set; }

    public PipeWriter BeginStream(string contentType)
    {
        _streamContentType = contentType;
        _stream = new ChunkRecordingStream(time, _startedAt);
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        return _writer;
    }

    public async ValueTask EndStreamAsync(ErrorReport? error, CancellationToken giveUp)
    {
        // As the runtime's terminating chunk does: whatever was written and not flushed leaves with the end.
        await _writer!.FlushAsync(giveUp).ConfigureAwait(false);
        await _writer.CompleteAsync().ConfigureAwait(false);
        Error = error;
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> body, string contentType, CancellationToken giveUp)
    {
        _whole = new RecordedChunk(body.ToArray(), time.GetElapsedTime(_startedAt));
        _wholeContentType = contentType;
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> SendErrorAsync(ErrorReport error, CancellationToken giveUp)
    {
        Error = error;
        return ValueTask.FromResult(true);
    }

    public ValueTask ReleaseAsync() => ValueTask.CompletedTask;

    /// <summary>What was received, once the control has reported <paramref name="outcome"/>.</summary>
    public InvocationRecord ToRecord(ResponseOutcome outcome, IReadOnlyList<TestLogLine> logs) => outcome switch
    {
        ResponseOutcome.Response => new InvocationRecord(outcome, _wholeContentType, [_whole!.Value], null, logs),
        ResponseOutcome.Stream or ResponseOutcome.StreamWithErrorTrailers => new InvocationRecord(outcome, _streamContentType, _stream!.Chunks, Error, logs),
        // A stream that began but never sent its head is not a response: nothing of it reached Lambda.
        _ => new InvocationRecord(outcome, null, [], Error, logs),
    };
}
