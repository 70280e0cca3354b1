using System.IO.Pipelines;
using LambdaStreaming.Hosting;
using LambdaStreaming.InvocationLoop;

namespace LambdaStreaming;

/// <summary>
/// The response of one invocation, written as it is produced. It is a <see cref="PipeWriter"/> over the Runtime API
/// connection itself: <see cref="GetMemory"/> hands out the connection's output memory (with room for the chunk
/// framing reserved around it), <see cref="Advance"/> commits bytes, and <see cref="FlushAsync"/> sends them as one
/// chunk and completes when the socket has taken them, so a slow reader slows the writer instead of growing memory.
/// </summary>
/// <remarks>
/// The POST to the Runtime API reaches the wire with the first flush: until then nothing has been sent, a failure is
/// reported through <c>/error</c>, and <see cref="ContentType"/> can still change until memory is first requested.
/// Use <see cref="PipeWriter.AsStream"/> for APIs that need a <see cref="Stream"/> (each write is then one chunk).
/// </remarks>
public sealed class ResponseStream : PipeWriter
{
    private readonly IResponseControl _control;

    /// <summary>
    /// The handler's view of a response that <paramref name="control"/> drives: for a host that runs handlers itself
    /// (see <see cref="ResponseControl"/>). The runtime makes one per invocation.
    /// </summary>
    /// <param name="control">The response's control, which ends it with its outcome once the handler returns.</param>
    public ResponseStream(ResponseControl control)
        : this((IResponseControl)control)
    {
    }

    internal ResponseStream(IResponseControl control) => _control = control ?? throw new ArgumentNullException(nameof(control));

    /// <summary>
    /// The content type Lambda passes on to the caller; <c>application/octet-stream</c> unless set.
    /// Settable until the body begins (the first <see cref="GetMemory"/>, write or flush).
    /// </summary>
    /// <exception cref="InvalidOperationException">The body has already begun.</exception>
    /// <exception cref="ArgumentException">The value contains CR, LF or NUL.</exception>
    public string ContentType
    {
        get => _control.ContentType;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            _control.ContentType = value;
        }
    }

    /// <summary>True once bytes of the response have been sent: from then on a failure can only travel in trailers.</summary>
    public bool HasStarted => _control.HasStarted;

    /// <summary>Body bytes written so far (flushed or not).</summary>
    public long BytesWritten => _control.BytesWritten;

    /// <summary>True: <see cref="UnflushedBytes"/> is known (System.Text.Json's <c>PipeWriter</c> serialisation needs it).</summary>
    public override bool CanGetUnflushedBytes => true;

    /// <summary>Body bytes written since the last flush.</summary>
    public override long UnflushedBytes => _control.UnflushedBytes;

    /// <inheritdoc />
    public override Memory<byte> GetMemory(int sizeHint = 0) => _control.GetMemory(sizeHint);

    /// <inheritdoc />
    public override Span<byte> GetSpan(int sizeHint = 0) => _control.GetMemory(sizeHint).Span;

    /// <inheritdoc />
    /// <exception cref="ResponseTooLargeException">The body would cross <see cref="LambdaRuntimeOptions.MaxStreamedResponseBytes"/>; nothing of these bytes is committed.</exception>
    public override void Advance(int bytes) => _control.Advance(bytes);

    /// <summary>Sends everything written since the last flush as one chunk (starting the POST the first time).</summary>
    /// <remarks>Without a token of its own the flush stops at the invocation's deadline, so a Runtime API that stops reading can't hold the handler past it.</remarks>
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _control.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override void CancelPendingFlush() => _control.CancelPendingFlush();

    /// <summary>
    /// Marks the response complete: nothing more may be written. The terminating chunk is sent when the handler
    /// returns (or at once with <see cref="CompleteAsync"/>); an exception fails the invocation as if the handler
    /// had thrown it.
    /// </summary>
    public override void Complete(Exception? exception = null) => _control.Complete(exception);

    /// <summary>
    /// Ends the response now: the terminating chunk is sent and Lambda's acknowledgement read. With an exception,
    /// behaves like <see cref="Complete"/>: the runtime reports it when the handler returns.
    /// </summary>
    public override ValueTask CompleteAsync(Exception? exception = null) => _control.CompleteAsync(exception);

    /// <summary>
    /// Makes this a whole (buffered) response, sent with a <c>Content-Length</c> once the handler returns: a
    /// streaming handler's way to answer some requests whole. Only possible before anything was written.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream was already written to or completed.</exception>
    /// <exception cref="ResponseTooLargeException">The body exceeds Lambda's 6 MiB buffered limit.</exception>
    /// <exception cref="ArgumentException">The content type is empty or contains CR, LF or NUL.</exception>
    public void SetBufferedResult(LambdaResult result) => _control.SetBufferedResult(result.Body, result.ContentType);

    /// <summary>
    /// Registers work to run after the invocation's outcome has been reported (or given up on) and before the runtime
    /// asks for the next invocation: flushing telemetry, say. Callbacks run in the order registered (Kestrel's run
    /// last-registered first); one that throws is logged, and cannot change the outcome. Nothing bounds how long they
    /// take: the next invocation waits for them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The outcome has already been reported.</exception>
    /// <param name="callback">The work; Lambda may freeze the environment once the next poll is waiting, so finish it here.</param>
    public void OnCompleted(Func<ValueTask> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _control.OnCompleted(callback);
    }

    /// <summary>Registers work that must finish before the runtime ends the response (stopping a heartbeat, say).</summary>
    internal void OnCompleting(Func<ValueTask> callback) => _control.OnCompleting(callback);
}
