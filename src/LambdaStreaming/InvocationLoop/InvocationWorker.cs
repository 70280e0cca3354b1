using System.Net.Sockets;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// One loop of <c>next</c> → handler → outcome, with its own connections. The runtime runs one of these, or
/// <c>AWS_LAMBDA_MAX_CONCURRENCY</c> of them side by side. Every invocation it receives ends in exactly one report:
/// a response, an <c>/error</c>, or a stream ended with error trailers.
/// </summary>
internal sealed class InvocationWorker(LambdaEnvironment environment, RuntimeApiClient client, StreamingHandler handler, LogSink log, LambdaRuntimeOptions options)
{
    /// <summary>Consecutive failures to reach the Runtime API before the runtime gives up and exits non-zero.</summary>
    internal const int MaxConsecutiveFailures = 6;

    /// <summary>The wait before the next poll after <paramref name="failures"/> failures in a row: 10 ms, doubling (10, 20, 40, 80, 160, 320 ms).</summary>
    internal static TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(10 << (failures - 1));

    /// <summary>How long after the deadline a report may still take before the worker gives up on it.</summary>
    private static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(1);

    /// <summary>Runs until <paramref name="stoppingToken"/> fires (returns 0) or the Runtime API is broken (returns 1).</summary>
    public async Task<int> RunAsync(CancellationToken stoppingToken)
    {
        await using var connections = new ConnectionSlot(client);
        using var thread = new WorkerThread("LambdaStreaming worker");
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Invocation invocation;
            HttpConnection connection;
            try
            {
                connection = await connections.GetAsync(stoppingToken).ConfigureAwait(false);
                await client.RequestNextAsync(connection, stoppingToken).ConfigureAwait(false);

                // The reply takes as long as Lambda likes and its wait blocks a thread (see PollingSocketStream): wait
                // on the worker's own. That thread starts here, after the first poll went out, so its start overlaps
                // the wait instead of lengthening the cold start.
                await thread.SwitchTo();
                invocation = await client.ReadNextAsync(connection, stoppingToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (RuntimeApiException ex) when (ex.IsFatal)
            {
                log.Write(null, LogLevel.Critical, $"{ex.Message}. The Runtime API reports a container error; exiting so Lambda replaces the environment.");
                return 1;
            }
            catch (InvalidInvocationException ex)
            {
                log.Write(ex.RequestId, LogLevel.Error, $"Invalid invocation from the Runtime API: {ex.Message}. Reporting it as an error.");
                if (!await TryReportAsync(connections, ex.RequestId, "error",
                        c => client.PostErrorAsync(c, ex.RequestId, ex.InvocationId, ErrorReport.FromMessage("Runtime.InvalidInvocation", ex.Message), CancellationToken.None)).ConfigureAwait(false))
                {
                    return 1;
                }
                continue;
            }
            catch (Exception ex) when (CanRetryOnNewConnection(ex))
            {
                await connections.RetireAsync().ConfigureAwait(false);
                if (++failures > MaxConsecutiveFailures)
                {
                    log.Write(null, LogLevel.Critical, $"The Runtime API at {client.Endpoint} failed {failures} times in a row ({ex.Message}); exiting so Lambda replaces the environment.");
                    return 1;
                }
                var backoff = Backoff(failures);
                log.Write(null, LogLevel.Warning, $"next failed ({Describe(ex)}); reconnecting in {backoff.TotalMilliseconds:0} ms (attempt {failures} of {MaxConsecutiveFailures}).");
                try
                {
                    await Task.Delay(backoff, options.TimeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }
                continue;
            }

            try
            {
                await InvokeAsync(thread, connections, connection, invocation).ConfigureAwait(false);
            }
            catch (RuntimeApiException ex) when (ex.IsFatal)
            {
                log.Write(invocation.RequestId, LogLevel.Critical, $"{ex.Message}. The Runtime API reports a container error; exiting so Lambda replaces the environment.");
                return 1;
            }
        }
        return 0;
    }

    private async Task InvokeAsync(WorkerThread thread, ConnectionSlot connections, HttpConnection connection, Invocation invocation)
    {
        var requestId = invocation.RequestId;
        var response = new ResponseStream(client, connection, requestId, invocation.InvocationId, options.MaxStreamedResponseBytes);
        var time = options.TimeProvider;
        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        CancellationSchedule.CancelAfter(deadline, invocation.Deadline - time.GetUtcNow() - options.DeadlineMargin);
        if (!environment.IsMultiConcurrent)
        {
            // Invocations overlap in multi-concurrency mode, so there the trace id lives only on the context.
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
        }
        response.Deadline = deadline.Token;
        var logger = new LambdaLogger(log, requestId, invocation.TenantId);
        LambdaLog.EnterInvocation(logger);
        var context = new LambdaContext(environment, invocation, logger, deadline.Token, time);

        Exception? failure;
        try
        {
            await handler(new LambdaRequest(invocation.Payload), response, context).ConfigureAwait(false);
            failure = response.CompletedWithError;
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        try
        {
            await response.RunCompletingCallbacksAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure ??= ex;
        }

        // A handler that went asynchronous finished on a pool thread. The report moves to the worker's thread now
        // rather than at the next poll: one switch either way, and the acknowledgement is then awaited in poll (a
        // kernel wake-up) instead of through the event loop and the pool (two).
        await thread.SwitchTo();

        // A Runtime API that stops answering must not hold the worker forever: past the deadline (and a grace for
        // the report itself) Lambda has timed the invocation out, so waiting longer can only block the next one.
        using var reportLimit = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var untilGiveUp = invocation.Deadline - time.GetUtcNow() + ReportGrace;
        CancellationSchedule.CancelAfter(reportLimit, untilGiveUp > ReportGrace ? untilGiveUp : ReportGrace);
        if (failure is null)
        {
            await SendOutcomeAsync(connections, response, requestId, invocation.InvocationId, reportLimit.Token).ConfigureAwait(false);
        }
        else
        {
            await ReportFailureAsync(connections, response, invocation, failure, reportLimit.Token).ConfigureAwait(false);
        }
    }

    private async Task SendOutcomeAsync(ConnectionSlot connections, ResponseStream response, string requestId, string? invocationId, CancellationToken giveUp)
    {
        if (response.BufferedResult is { } result)
        {
            await TryReportAsync(connections, requestId, "response",
                c => client.PostResponseAsync(c, requestId, invocationId, result.Body, result.ContentType, giveUp), giveUp).ConfigureAwait(false);
            return;
        }
        try
        {
            var reply = await response.FinishAsync(giveUp).ConfigureAwait(false);
            LogRefusal(requestId, "streaming response", reply);
        }
        catch (Exception ex) when (CanRetryOnNewConnection(ex))
        {
            // The body cannot be replayed; the Runtime API sees a broken stream and records the failure itself.
            log.Write(requestId, LogLevel.Error, $"The connection to the Runtime API failed while ending the streamed response ({Describe(ex)}).");
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            log.Write(requestId, LogLevel.Error, NoAnswerMessage("streaming response"));
        }
        finally
        {
            await connections.RetireAsync().ConfigureAwait(false);
        }
    }

    private async Task ReportFailureAsync(ConnectionSlot connections, ResponseStream response, Invocation invocation, Exception failure, CancellationToken giveUp)
    {
        var requestId = invocation.RequestId;
        var report = ErrorReport.FromException(failure, failure is ResponseTooLargeException ? ResponseTooLargeException.ErrorType : ErrorReport.UnhandledExceptionType);
        log.Write(requestId, LogLevel.Error, $"{report.ErrorType}: {failure.Message}", failure, invocation.TenantId);
        if (response.IsFinished)
        {
            log.Write(requestId, LogLevel.Error, "The handler failed after its response was complete; the response stands and the failure is only logged.");
            if (response.UsedStreaming)
            {
                await connections.RetireAsync().ConfigureAwait(false);
            }
            return;
        }
        if (response.HasStarted)
        {
            try
            {
                var reply = await response.FailAfterStartAsync(report, giveUp).ConfigureAwait(false);
                LogRefusal(requestId, "streaming response with error trailers", reply);
            }
            catch (Exception ex) when (CanRetryOnNewConnection(ex))
            {
                log.Write(requestId, LogLevel.Error, $"The connection to the Runtime API failed while sending the error trailers ({Describe(ex)}).");
            }
            catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
            {
                log.Write(requestId, LogLevel.Error, NoAnswerMessage("streaming response with error trailers"));
            }
            finally
            {
                await connections.RetireAsync().ConfigureAwait(false);
            }
            return;
        }
        if (response.UsedStreaming)
        {
            // A request head was written into the connection's buffer but never sent; that connection is unusable.
            await connections.RetireAsync().ConfigureAwait(false);
        }
        await TryReportAsync(connections, requestId, "error",
            c => client.PostErrorAsync(c, requestId, invocation.InvocationId, report, giveUp), giveUp).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a report, retrying once on a fresh connection after a transport fault. The retry is safe: the Runtime API
    /// accepts one report per request id and refuses a duplicate with 403, so a report is never counted twice.
    /// </summary>
    private async Task<bool> TryReportAsync(ConnectionSlot connections, string requestId, string what, Func<HttpConnection, ValueTask<ReportResult>> send, CancellationToken giveUp = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var connection = await connections.GetAsync(giveUp).ConfigureAwait(false);
                LogRefusal(requestId, what, await send(connection).ConfigureAwait(false));
                return true;
            }
            catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
            {
                await connections.RetireAsync().ConfigureAwait(false);
                log.Write(requestId, LogLevel.Error, NoAnswerMessage(what));
                return false;
            }
            catch (Exception ex) when (CanRetryOnNewConnection(ex))
            {
                await connections.RetireAsync().ConfigureAwait(false);
                if (attempt == 2)
                {
                    log.Write(requestId, LogLevel.Error, $"Could not send the {what} to the Runtime API ({Describe(ex)}); Lambda will time the invocation out.");
                    return false;
                }
                log.Write(requestId, LogLevel.Warning, $"Sending the {what} failed ({Describe(ex)}); retrying on a new connection.");
            }
        }
    }

    private static string NoAnswerMessage(string what) =>
        $"The Runtime API did not answer the {what} before the invocation's deadline; closing that connection and polling again.";

    private void LogRefusal(string requestId, string what, ReportResult? reply)
    {
        if (reply is { IsAccepted: false } refused)
        {
            log.Write(requestId, LogLevel.Error, $"The Runtime API refused the {what}: {refused.Describe()}");
        }
    }

    /// <summary>
    /// Whether a failed call leaves the runtime able to go on with a new connection: the socket failed or closed
    /// (<see cref="IOException"/>, including a malformed reply; <see cref="SocketException"/>;
    /// <see cref="ObjectDisposedException"/>), or the Runtime API refused the call (4xx). A container error (5xx) is
    /// not: Lambda must replace the environment.
    /// </summary>
    internal static bool CanRetryOnNewConnection(Exception ex) =>
        ex is IOException or SocketException or ObjectDisposedException || ex is RuntimeApiException { IsFatal: false };

    private static string Describe(Exception ex) => ex switch
    {
        MalformedHttpResponseException m => m.Message,
        SocketException s => $"socket error {s.SocketErrorCode}: {s.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
