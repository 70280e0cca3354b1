using System.IO.Pipelines;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// The state of one invocation's response and the rules that turn it into exactly one outcome: a whole response, a
/// stream (ended cleanly or with error trailers), or an <c>/error</c> report. The bytes go through an
/// <see cref="IResponseSink"/>; the handler writes through <c>ResponseStream</c>, which forwards here.
/// </summary>
internal sealed class ResponseControl(IResponseSink sink, long maxStreamedBytes, CancellationToken deadline, LogSink log, string requestId, string? tenantId) : IResponseControl
{
    /// <summary>Lambda's limit for a whole (buffered) response: 6 MiB.</summary>
    public const int MaxBufferedBytes = 6 * 1024 * 1024;

    private const string FinishedMessage = "The response has already been completed; nothing more can be written.";

    private ResponseState _state;
    private bool _writerCompleted;
    private string _contentType = "application/octet-stream";
    private PipeWriter? _body;
    private long _bodyBytes;
    private Task<FlushResult>? _pendingFlush;
    private Exception? _completedWithError;
    private ReadOnlyMemory<byte> _bufferedBody;
    private string? _bufferedContentType;
    private List<Func<ValueTask>>? _onCompleting;

    public string ContentType
    {
        get => _contentType;
        set
        {
            if (_state != ResponseState.NotStarted)
            {
                throw new InvalidOperationException("The content type can only be set before the response body begins.");
            }
            HttpHeaderValidation.ThrowIfInvalid("Content-Type", value, nameof(value));
            _contentType = value;
        }
    }

    public bool HasStarted => _state >= ResponseState.Sent;

    public long BytesWritten => _bodyBytes;

    public Memory<byte> GetMemory(int sizeHint) => Body().GetMemory(sizeHint);

    public void Advance(int bytes)
    {
        if (_body is null || _writerCompleted || _state is not (ResponseState.HeadWritten or ResponseState.Sent))
        {
            throw new InvalidOperationException(_body is null ? "Advance was called before GetMemory or GetSpan." : FinishedMessage);
        }
        if (_bodyBytes + bytes > maxStreamedBytes)
        {
            // Refused before committing, so the caller receives exactly the bytes within the limit.
            throw new ResponseTooLargeException(_bodyBytes + bytes, maxStreamedBytes, streaming: true);
        }
        _body.Advance(bytes);
        _bodyBytes += bytes;
    }

    public ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken)
    {
        var body = Body();
        var isFirstSend = _state != ResponseState.Sent;
        _state = ResponseState.Sent;
        var flush = body.FlushAsync(cancellationToken.CanBeCanceled ? cancellationToken : deadline);
        if (flush.IsCompleted)
        {
            if (isFirstSend)
            {
                // The first chunk is what the caller waits for, and its send woke the Runtime API on this CPU: one
                // yield lets it pass the chunk on before the handler computes on (docs/performance-notes.md).
                Thread.Yield();
            }
            return flush;
        }

        // Held up by backpressure: kept, so that a handler returning without awaiting it does not race the
        // terminating chunk into the same pipe.
        var pending = flush.AsTask();
        _pendingFlush = pending;
        return new ValueTask<FlushResult>(pending);
    }

    public void CancelPendingFlush() => _body?.CancelPendingFlush();

    public void Complete(Exception? exception)
    {
        _completedWithError ??= exception;
        _writerCompleted = true;
    }

    public async ValueTask CompleteAsync(Exception? exception)
    {
        Complete(exception);
        if (exception is null)
        {
            await RunCompletingCallbacksAsync().ConfigureAwait(false);
            if (_state == ResponseState.Buffered)
            {
                throw new InvalidOperationException("A buffered response is sent by the runtime, not by finishing the stream.");
            }
            await EndStreamAsync(null, deadline).ConfigureAwait(false);
        }
    }

    public void SetBufferedResult(ReadOnlyMemory<byte> body, string contentType)
    {
        if (_state != ResponseState.NotStarted || _writerCompleted)
        {
            throw new InvalidOperationException("A buffered response can only be given before anything was written to the stream.");
        }
        if (body.Length > MaxBufferedBytes)
        {
            throw new ResponseTooLargeException(body.Length, MaxBufferedBytes, streaming: false);
        }
        ArgumentException.ThrowIfNullOrEmpty(contentType, "result");
        HttpHeaderValidation.ThrowIfInvalid("Content-Type", contentType, "result");
        _bufferedBody = body;
        _bufferedContentType = contentType;
        _state = ResponseState.Buffered;
        _writerCompleted = true;
    }

    public void OnCompleting(Func<ValueTask> callback) => (_onCompleting ??= []).Add(callback);

    /// <summary>
    /// Ends the invocation with its one outcome, once the handler has returned (<paramref name="failure"/> is what it
    /// threw). Transport faults and a Runtime API that stops answering by <paramref name="giveUp"/> are logged here;
    /// only a container error (<see cref="RuntimeApiException.IsFatal"/>) escapes.
    /// </summary>
    public async Task EndAsync(Exception? failure, CancellationToken giveUp)
    {
        failure = await AfterHandlerAsync(failure).ConfigureAwait(false);
        if (failure is not null)
        {
            await FailAsync(failure, giveUp).ConfigureAwait(false);
        }
        else if (_state == ResponseState.Buffered)
        {
            await sink.SendAsync(_bufferedBody, _bufferedContentType!, giveUp).ConfigureAwait(false);
        }
        else
        {
            await EndStreamLoggingFaultsAsync(null, giveUp).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the completion callbacks (once: a second call finds none) where the handler left off, and returns the
    /// invocation's failure: what the handler threw, else what it gave <see cref="Complete"/>, else what a callback threw.
    /// </summary>
    public async ValueTask<Exception?> AfterHandlerAsync(Exception? failure)
    {
        failure ??= _completedWithError;
        try
        {
            await RunCompletingCallbacksAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure ??= ex;
        }
        return failure;
    }

    private async Task FailAsync(Exception failure, CancellationToken giveUp)
    {
        var report = ErrorReport.FromException(failure, failure is ResponseTooLargeException ? ResponseTooLargeException.ErrorType : ErrorReport.UnhandledExceptionType);
        log.Write(requestId, LogLevel.Error, $"{report.ErrorType}: {failure.Message}", failure, tenantId);
        if (_state == ResponseState.Ended)
        {
            log.Write(requestId, LogLevel.Error, "The handler failed after its response was complete; the response stands and the failure is only logged.");
            await sink.ReleaseAsync().ConfigureAwait(false);
        }
        else if (_state == ResponseState.Sent)
        {
            await EndStreamLoggingFaultsAsync(report, giveUp).ConfigureAwait(false);
        }
        else
        {
            // Nothing was sent: a stream head still in the connection's buffer goes with its connection.
            await sink.ReleaseAsync().ConfigureAwait(false);
            await sink.SendErrorAsync(report, giveUp).ConfigureAwait(false);
        }
    }

    private async Task EndStreamLoggingFaultsAsync(ErrorReport? error, CancellationToken giveUp)
    {
        try
        {
            await EndStreamAsync(error, giveUp).ConfigureAwait(false);
        }
        catch (Exception ex) when (RuntimeApiFaults.CanRetryOnNewConnection(ex))
        {
            // A body cannot be replayed; the Runtime API sees a broken stream and records the failure itself.
            var sending = error is null ? "ending the streamed response" : "sending the error trailers";
            log.Write(requestId, LogLevel.Error, $"The connection to the Runtime API failed while {sending} ({RuntimeApiFaults.Describe(ex)}).");
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            log.Write(requestId, LogLevel.Error, RuntimeApiFaults.NoAnswerMessage(error is null ? "streaming response" : "streaming response with error trailers"));
        }
        finally
        {
            await sink.ReleaseAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask EndStreamAsync(ErrorReport? error, CancellationToken cancellationToken)
    {
        if (_state == ResponseState.Ended)
        {
            return;
        }
        if (_pendingFlush is { IsCompleted: false } pending)
        {
            try
            {
                await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The write failed on the wire, or its own token (the deadline) cancelled it: ending the stream
                // fails the same way, or succeeds, and is handled there.
            }
        }
        _body ??= sink.BeginStream(_contentType);
        _state = ResponseState.Ended;
        await sink.EndStreamAsync(error, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RunCompletingCallbacksAsync()
    {
        var callbacks = _onCompleting;
        _onCompleting = null;
        foreach (var callback in callbacks ?? [])
        {
            await callback().ConfigureAwait(false);
        }
    }

    private PipeWriter Body()
    {
        if (_writerCompleted || _state is ResponseState.Ended or ResponseState.Buffered)
        {
            throw new InvalidOperationException(FinishedMessage);
        }
        if (_body is null)
        {
            _body = sink.BeginStream(_contentType);
            _state = ResponseState.HeadWritten;
        }
        return _body;
    }

    private enum ResponseState
    {
        /// <summary>Nothing written: the content type can change, a buffered result can still be given.</summary>
        NotStarted,

        /// <summary>A whole response was given; it is sent when the handler returns.</summary>
        Buffered,

        /// <summary>The stream's head is written into the connection's buffer, nothing sent yet.</summary>
        HeadWritten,

        /// <summary>At least one flush went out: a failure can only travel in trailers now.</summary>
        Sent,

        /// <summary>The terminating chunk was written: the invocation's outcome is decided.</summary>
        Ended,
    }
}
