using System.IO.Pipelines;
using LambdaStreaming.Telemetry;
using LambdaStreaming.InvocationLoop;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Hosting;

/// <summary>
/// The state of one invocation's response and the rules that turn it into exactly one outcome: a whole response, a
/// stream (ended cleanly or with error trailers), or an <c>/error</c> report. The handler writes through a
/// <c>ResponseStream</c> made over this control; the bytes go to an <see cref="IResponseSink"/>.
/// </summary>
/// <remarks>
/// The hosting seam: the runtime drives every invocation this way, and so can a host of another kind (a test
/// harness, say) with a sink of its own:
/// <code>
/// var control = new ResponseControl(sink, logger, deadline);
/// Exception? failure = null;
/// try { await handler(request, new ResponseStream(control), context); }
/// catch (Exception ex) { failure = ex; }
/// ResponseOutcome outcome = await control.EndAsync(failure, giveUp);
/// </code>
/// One control serves one invocation, on one logical flow at a time (like any <see cref="PipeWriter"/>).
/// </remarks>
public sealed class ResponseControl : IResponseControl
{
    /// <summary>Lambda's limit for a whole (buffered) response: 6 MiB.</summary>
    internal const int MaxBufferedBytes = 6 * 1024 * 1024;

    private const string FinishedMessage = "The response has already been completed; nothing more can be written.";

    private readonly IResponseSink _sink;
    private readonly ILambdaLogger _logger;
    private readonly CancellationToken _deadline;
    private readonly long _maxStreamedBytes;
    private ResponseState _state;
    private bool _writerCompleted;
    private string _contentType = "application/octet-stream";
    private PipeWriter? _body;
    private long _bodyBytes;
    private long _flushedBytes;
    private Task<FlushResult>? _pendingFlush;
    private Exception? _completedWithError;
    private ReadOnlyMemory<byte> _bufferedBody;
    private string? _bufferedContentType;
    private List<Func<ValueTask>>? _onCompleting;
    private List<Func<ValueTask>>? _onCompleted;
    private bool _endCalled;
    private bool _completedCallbacksStarted;
    private ResponseFigures? _figures;

    /// <summary>Starts the response of one invocation; nothing reaches <paramref name="sink"/> until the handler writes or <see cref="EndAsync"/> runs.</summary>
    /// <param name="sink">Where the response goes.</param>
    /// <param name="logger">Where the control logs a failure and what became of it (the invocation's logger); it must not throw.</param>
    /// <param name="deadline">The invocation's deadline: a flush without a token of its own stops there.</param>
    /// <param name="maxStreamedResponseBytes">The largest streamed body; crossing it fails the stream with <c>Function.ResponseSizeTooLarge</c>.</param>
    public ResponseControl(IResponseSink sink, ILambdaLogger logger, CancellationToken deadline, long maxStreamedResponseBytes = LambdaRuntimeOptions.DefaultMaxStreamedResponseBytes)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegative(maxStreamedResponseBytes);
        _sink = sink;
        _logger = logger;
        _deadline = deadline;
        _maxStreamedBytes = maxStreamedResponseBytes;
    }

    /// <summary>The invocation's logger, which the runtime also hands the handler.</summary>
    internal ILambdaLogger Logger => _logger;

    /// <summary>Where the sends are counted while the invocation is recorded (set before the handler starts); null otherwise.</summary>
    internal ResponseFigures? Figures
    {
        get => _figures;
        set => _figures = value;
    }

    string IResponseControl.ContentType
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

    bool IResponseControl.HasStarted => _state >= ResponseState.Sent;

    long IResponseControl.BytesWritten => _bodyBytes;

    long IResponseControl.UnflushedBytes => _bodyBytes - _flushedBytes;

    Memory<byte> IResponseControl.GetMemory(int sizeHint) => Body().GetMemory(sizeHint);

    void IResponseControl.Advance(int bytes)
    {
        if (_body is null || _writerCompleted || _state is not (ResponseState.HeadWritten or ResponseState.Sent))
        {
            throw new InvalidOperationException(_body is null ? "Advance was called before GetMemory or GetSpan." : FinishedMessage);
        }
        if (_bodyBytes + bytes > _maxStreamedBytes)
        {
            // Refused before committing, so the caller receives exactly the bytes within the limit.
            throw new ResponseTooLargeException(_bodyBytes + bytes, _maxStreamedBytes, streaming: true);
        }
        _body.Advance(bytes);
        _bodyBytes += bytes;
    }

    ValueTask<FlushResult> IResponseControl.FlushAsync(CancellationToken cancellationToken)
    {
        var body = Body();
        var isFirstSend = _state != ResponseState.Sent;
        _state = ResponseState.Sent;
        _flushedBytes = _bodyBytes;
        // Counted as the bytes are handed to the socket, so the first byte's time never comes after the reader's.
        _figures?.Sent(_bodyBytes, ending: false);
        var flush = body.FlushAsync(cancellationToken.CanBeCanceled ? cancellationToken : _deadline);
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
        var pending = _figures is null ? flush.AsTask() : _figures.WaitOutBackpressureAsync(flush);
        _pendingFlush = pending;
        return new ValueTask<FlushResult>(pending);
    }

    void IResponseControl.CancelPendingFlush() => _body?.CancelPendingFlush();

    void IResponseControl.Complete(Exception? exception) => Complete(exception);

    private void Complete(Exception? exception)
    {
        _completedWithError ??= exception;
        _writerCompleted = true;
    }

    async ValueTask IResponseControl.CompleteAsync(Exception? exception)
    {
        Complete(exception);
        if (exception is null)
        {
            await RunCompletingCallbacksAsync().ConfigureAwait(false);
            if (_state == ResponseState.Buffered)
            {
                throw new InvalidOperationException("A buffered response is sent by the runtime, not by finishing the stream.");
            }
            await EndStreamAsync(null, _deadline).ConfigureAwait(false);
        }
    }

    void IResponseControl.SetBufferedResult(ReadOnlyMemory<byte> body, string contentType)
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

    void IResponseControl.OnCompleting(Func<ValueTask> callback) => (_onCompleting ??= []).Add(callback);

    void IResponseControl.OnCompleted(Func<ValueTask> callback)
    {
        if (_completedCallbacksStarted)
        {
            throw new InvalidOperationException("The invocation's outcome has already been reported; register OnCompleted callbacks before the handler returns.");
        }
        (_onCompleted ??= []).Add(callback);
    }

    /// <summary>
    /// Ends the invocation with its one outcome, once the handler has returned (<paramref name="failure"/> is what it
    /// threw, if anything): runs the completion callbacks, then sends the whole response, ends the stream (with the
    /// error trailers after a failure once bytes were sent), or reports the error. A stream's transport fault
    /// (<see cref="IOException"/> from the sink) and a sink that has not answered by <paramref name="giveUp"/> are
    /// logged, not thrown: the outcome is the report chosen, whether or not it was delivered. Then the callbacks given
    /// to <c>ResponseStream.OnCompleted</c> run, in the order registered, whatever happened before. What escapes: an
    /// exception of the sink's other than those (for the runtime, a container error: <see cref="RuntimeApiException"/>
    /// with <see cref="RuntimeApiException.IsFatal"/>), after the callbacks have run.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called a second time: an invocation has one outcome.</exception>
    /// <param name="failure">What the handler threw; null when it returned.</param>
    /// <param name="giveUp">Stops waiting for the sink (the runtime's fires a grace after the deadline).</param>
    /// <returns>The outcome the invocation ended with.</returns>
    public ValueTask<ResponseOutcome> EndAsync(Exception? failure, CancellationToken giveUp)
    {
        if (_endCalled)
        {
            throw new InvalidOperationException("EndAsync has already been called: an invocation has exactly one outcome.");
        }
        _endCalled = true;
        var ending = EndCoreAsync(failure, giveUp);
        if (ending.IsCompleted && _onCompleted is null)
        {
            // The usual case (the report's reply read in poll on the worker's thread), without a second state machine.
            _completedCallbacksStarted = true;
            return ending;
        }
        return ThenRunCompletedCallbacksAsync(ending);
    }

    private async ValueTask<ResponseOutcome> ThenRunCompletedCallbacksAsync(ValueTask<ResponseOutcome> ending)
    {
        try
        {
            return await ending.ConfigureAwait(false);
        }
        finally
        {
            _completedCallbacksStarted = true;
            if (_onCompleted is not null)
            {
                await RunCompletedCallbacksAsync().ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<ResponseOutcome> EndCoreAsync(Exception? failure, CancellationToken giveUp)
    {
        failure = await AfterHandlerAsync(failure).ConfigureAwait(false);
        if (failure is not null)
        {
            return await FailAsync(failure, giveUp).ConfigureAwait(false);
        }
        if (_state == ResponseState.Buffered)
        {
            _figures?.SentWhole(_bufferedBody.Length);
            await _sink.SendAsync(_bufferedBody, _bufferedContentType!, giveUp).ConfigureAwait(false);
            return ResponseOutcome.Response;
        }
        await EndStreamLoggingFaultsAsync(null, giveUp).ConfigureAwait(false);
        return ResponseOutcome.Stream;
    }

    /// <summary>
    /// Runs the completion callbacks (once: a second call finds none) where the handler left off, and returns the
    /// invocation's failure: what the handler threw, else what it gave <c>Complete</c>, else what a callback threw.
    /// </summary>
    internal async ValueTask<Exception?> AfterHandlerAsync(Exception? failure)
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

    private async ValueTask<ResponseOutcome> FailAsync(Exception failure, CancellationToken giveUp)
    {
        var report = ErrorReport.FromException(failure, failure is ResponseTooLargeException ? ResponseTooLargeException.ErrorType : ErrorReport.UnhandledExceptionType);
        _logger.Log(LogLevel.Error, failure, $"{report.ErrorType}: {failure.Message}");
        if (_state == ResponseState.Ended)
        {
            _logger.Log(LogLevel.Error, "The handler failed after its response was complete; the response stands and the failure is only logged.");
            await _sink.ReleaseAsync().ConfigureAwait(false);
            return ResponseOutcome.Stream;
        }
        if (_state == ResponseState.Sent)
        {
            await EndStreamLoggingFaultsAsync(report, giveUp).ConfigureAwait(false);
            return ResponseOutcome.StreamWithErrorTrailers;
        }
        // Nothing was sent: a stream head still in the connection's buffer goes with its connection.
        await _sink.ReleaseAsync().ConfigureAwait(false);
        await _sink.SendErrorAsync(report, giveUp).ConfigureAwait(false);
        return ResponseOutcome.Error;
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
            _logger.Log(LogLevel.Error, $"The connection to the Runtime API failed while {sending} ({RuntimeApiFaults.Describe(ex)}).");
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            _logger.Log(LogLevel.Error, RuntimeApiFaults.NoAnswerMessage(error is null ? "streaming response" : "streaming response with error trailers"));
        }
        finally
        {
            await _sink.ReleaseAsync().ConfigureAwait(false);
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
        _body ??= _sink.BeginStream(_contentType);
        _state = ResponseState.Ended;
        // What was written and not flushed goes out with the terminating chunk.
        _figures?.Sent(_bodyBytes, ending: true);
        await _sink.EndStreamAsync(error, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RunCompletingCallbacksAsync()
    {
        var callbacks = _onCompleting;
        if (callbacks is null)
        {
            return;
        }
        _onCompleting = null;
        foreach (var callback in callbacks)
        {
            await callback().ConfigureAwait(false);
        }
    }

    // After the outcome, nothing can change it: a failing callback is logged and the others still run.
    private async ValueTask RunCompletedCallbacksAsync()
    {
        var callbacks = _onCompleted!;
        _onCompleted = null;
        foreach (var callback in callbacks)
        {
            try
            {
                await callback().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.Log(LogLevel.Error, ex, $"A callback registered with OnCompleted failed after the response was reported: {ex.Message}");
            }
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
            _body = _sink.BeginStream(_contentType);
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
