using System.IO.Pipelines;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

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
    private readonly RuntimeApiClient _client;
    private readonly HttpConnection _connection;
    private readonly string _requestId;
    private readonly string? _invocationId;
    private readonly long _maxStreamedBytes;
    private ChunkedBodyWriter? _body;
    private string _contentType = "application/octet-stream";
    private ResponseState _state;
    private Exception? _completedWithError;
    private Task<FlushResult>? _pendingFlush;
    private bool _completionRequested;
    private List<Func<ValueTask>>? _onCompleting;

    internal ResponseStream(RuntimeApiClient client, HttpConnection connection, string requestId, string? invocationId, long maxStreamedBytes)
    {
        _client = client;
        _connection = connection;
        _requestId = requestId;
        _invocationId = invocationId;
        _maxStreamedBytes = maxStreamedBytes;
    }

    /// <summary>
    /// The content type Lambda passes on to the caller; <c>application/octet-stream</c> unless set.
    /// Settable until the body begins (the first <see cref="GetMemory"/>, write or flush).
    /// </summary>
    /// <exception cref="InvalidOperationException">The body has already begun.</exception>
    /// <exception cref="ArgumentException">The value contains CR, LF or NUL.</exception>
    public string ContentType
    {
        get => _contentType;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            if (_state != ResponseState.NotStarted)
            {
                throw new InvalidOperationException("The content type can only be set before the response body begins.");
            }
            HttpHeaderValidation.ThrowIfInvalid("Content-Type", value, nameof(value));
            _contentType = value;
        }
    }

    /// <summary>True once bytes of the response have been sent: from then on a failure can only travel in trailers.</summary>
    public bool HasStarted => _state >= ResponseState.Sent;

    /// <summary>Body bytes written so far (flushed or not).</summary>
    public long BytesWritten => _body?.BodyBytes ?? 0;

    internal bool IsFinished => _state >= ResponseState.Completed;

    /// <summary>
    /// Fires at the invocation's deadline: flushes that were given no token of their own use it, so a Runtime API
    /// that stops reading can't hold a handler past the point where Lambda has given up on the invocation.
    /// </summary>
    internal CancellationToken Deadline { get; set; }

    internal Exception? CompletedWithError => _completedWithError;

    /// <inheritdoc />
    public override Memory<byte> GetMemory(int sizeHint = 0) => Body().GetMemory(sizeHint);

    /// <inheritdoc />
    public override Span<byte> GetSpan(int sizeHint = 0) => Body().GetSpan(sizeHint);

    /// <inheritdoc />
    public override void Advance(int bytes)
    {
        if (_body is null || _completionRequested || _state is not (ResponseState.Writing or ResponseState.Sent))
        {
            throw new InvalidOperationException(_body is null ? "Advance was called before GetMemory or GetSpan." : FinishedMessage);
        }
        if (_body.BodyBytes + bytes > _maxStreamedBytes)
        {
            // Refuse before committing, so the caller receives exactly the bytes within the limit.
            throw new ResponseTooLargeException(_body.BodyBytes + bytes, _maxStreamedBytes, streaming: true);
        }
        _body.Advance(bytes);
    }

    /// <summary>Sends everything written since the last flush as one chunk (starting the POST the first time).</summary>
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        var body = Body();
        var isFirstSend = _state != ResponseState.Sent;
        _state = ResponseState.Sent;
        var flush = body.FlushAsync(cancellationToken.CanBeCanceled ? cancellationToken : Deadline);
        if (flush.IsCompleted)
        {
            if (isFirstSend)
            {
                // The first chunk is what the caller waits for. Its send woke the Runtime API, a process on this
                // machine (on Lambda, in the same microVM, often on less than one vCPU), and a loopback wake-up
                // queues it on this CPU to run when this thread blocks, while the handler may go on computing.
                // Yielding once lets it pass the bytes on now (TTFB p50 −8 % in the end-to-end harness, for −6 %
                // invocations/s). Only the first: yielding on every flush cost a third of the bulk throughput
                // (README, Performance).
                Thread.Yield();
            }
            return flush;
        }

        // Only a flush held up by backpressure gets here. It is kept so that a handler returning without awaiting it
        // does not race the runtime's terminating chunk into the same pipe: the runtime waits for it first.
        var pending = flush.AsTask();
        _pendingFlush = pending;
        return new ValueTask<FlushResult>(pending);
    }

    /// <inheritdoc />
    public override void CancelPendingFlush() => _body?.CancelPendingFlush();

    /// <summary>
    /// Marks the response complete: nothing more may be written. The terminating chunk is sent when the handler
    /// returns (or at once with <see cref="CompleteAsync"/>); an exception fails the invocation as if the handler
    /// had thrown it.
    /// </summary>
    public override void Complete(Exception? exception = null)
    {
        _completedWithError ??= exception;
        _completionRequested = true;
    }

    /// <summary>
    /// Ends the response now: the terminating chunk is sent and Lambda's acknowledgement read. With an exception,
    /// behaves like <see cref="Complete"/>: the runtime reports it when the handler returns.
    /// </summary>
    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        Complete(exception);
        if (exception is null)
        {
            await RunCompletingCallbacksAsync().ConfigureAwait(false);
            await FinishAsync(Deadline).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the terminating chunk (and the POST, if nothing was flushed) and reads the Runtime API's answer.</summary>
    internal async ValueTask<ReportResult?> FinishAsync(CancellationToken cancellationToken)
    {
        if (IsFinished)
        {
            return null;
        }
        if (BufferedResult is not null)
        {
            throw new InvalidOperationException("A buffered response is sent by the runtime, not by finishing the stream.");
        }
        await WaitForPendingFlushAsync(cancellationToken).ConfigureAwait(false);
        var body = _body ?? StartBody();
        _state = ResponseState.Completed;
        return await _client.EndStreamingResponseAsync(_connection, body, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a response that has started with the error trailers; the caller sees what was sent so far.</summary>
    internal async ValueTask<ReportResult> FailAfterStartAsync(ErrorReport error, CancellationToken cancellationToken)
    {
        var body = _body ?? throw new InvalidOperationException("The response has not started; report the error through /error.");
        await WaitForPendingFlushAsync(cancellationToken).ConfigureAwait(false);
        _state = ResponseState.Completed;
        if (body.IsCompleted)
        {
            throw new InvalidOperationException("The terminating chunk was already sent; the error can no longer be reported.");
        }
        return await _client.EndStreamingResponseAsync(_connection, body, error, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WaitForPendingFlushAsync(CancellationToken cancellationToken)
    {
        if (_pendingFlush is { IsCompleted: false } pending)
        {
            try
            {
                await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The write failed on the wire; ending the response will fail the same way and be reported there.
            }
        }
    }

    /// <summary>
    /// Makes this a buffered response, sent with a <c>Content-Length</c> once the handler returns; only possible
    /// before anything was written to the stream.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream was already written to or completed.</exception>
    /// <exception cref="ResponseTooLargeException">The body exceeds Lambda's 6 MiB buffered limit.</exception>
    internal void SetBufferedResult(LambdaResult result)
    {
        if (_state != ResponseState.NotStarted || _completionRequested)
        {
            throw new InvalidOperationException("A buffered response can only be given before anything was written to the stream.");
        }
        if (result.Body.Length > LambdaResult.MaxBodyBytes)
        {
            throw new ResponseTooLargeException(result.Body.Length, LambdaResult.MaxBodyBytes, streaming: false);
        }
        ArgumentException.ThrowIfNullOrEmpty(result.ContentType, nameof(result));
        HttpHeaderValidation.ThrowIfInvalid("Content-Type", result.ContentType, nameof(result));
        BufferedResult = result;
        _completionRequested = true;
    }

    /// <summary>The whole response of a buffered handler, for the runtime to send; null for a streamed response.</summary>
    internal LambdaResult? BufferedResult { get; private set; }

    /// <summary>Registers work that must finish before the runtime ends the response (e.g. stopping a heartbeat).</summary>
    internal void OnCompleting(Func<ValueTask> callback) => (_onCompleting ??= []).Add(callback);

    /// <summary>Runs the <see cref="OnCompleting"/> callbacks once; the runtime calls it as soon as the handler returns.</summary>
    internal async ValueTask RunCompletingCallbacksAsync()
    {
        var callbacks = _onCompleting;
        _onCompleting = null;
        foreach (var callback in callbacks ?? [])
        {
            await callback().ConfigureAwait(false);
        }
    }

    /// <summary>True once the streaming POST was begun (even if nothing was flushed): its connection must be closed afterwards.</summary>
    internal bool UsedStreaming => _body is not null;

    /// <summary>True when a head was written into the connection but never sent: the connection can't carry another request.</summary>
    internal bool HasUnsentHead => _state == ResponseState.Writing;

    private ChunkedBodyWriter Body()
    {
        if (_completionRequested)
        {
            throw new InvalidOperationException(FinishedMessage);
        }
        if (_state is ResponseState.Writing or ResponseState.Sent)
        {
            return _body!;
        }
        if (_state != ResponseState.NotStarted)
        {
            throw new InvalidOperationException(FinishedMessage);
        }
        return StartBody();
    }

    private ChunkedBodyWriter StartBody()
    {
        _body = _client.BeginStreamingResponse(_connection, _requestId, _invocationId, _contentType);
        _state = ResponseState.Writing;
        return _body;
    }

    private const string FinishedMessage = "The response has already been completed; nothing more can be written.";

    private enum ResponseState
    {
        NotStarted,
        Writing,
        Sent,
        Completed,
    }
}
