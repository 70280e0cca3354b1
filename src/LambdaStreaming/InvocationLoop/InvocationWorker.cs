using LambdaStreaming.Hosting;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Telemetry;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// One loop of <c>next</c> → handler → outcome, with its own connections. The runtime runs one of these, or
/// <c>AWS_LAMBDA_MAX_CONCURRENCY</c> of them side by side. Every invocation it receives ends in exactly one report:
/// a response, an <c>/error</c>, or a stream ended with error trailers.
/// </summary>
internal sealed class InvocationWorker(LambdaEnvironment environment, RuntimeApiClient client, InvocationHandler handler, LogSink log, LambdaRuntimeOptions options, RuntimeTelemetry telemetry)
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
        string? requestId = null;
        try
        {
            var failures = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                requestId = null;
                Invocation invocation;
                try
                {
                    var connection = await connections.GetAsync(stoppingToken).ConfigureAwait(false);
                    await client.RequestNextAsync(connection, stoppingToken).ConfigureAwait(false);

                    // The reply takes as long as Lambda likes: wait for it in poll on the worker's own thread. That
                    // thread starts here, after the first poll went out, so its start overlaps the wait instead of
                    // lengthening the cold start.
                    await thread.SwitchTo();
                    connection.WaitOnCallingThread = true;
                    invocation = await client.ReadNextAsync(connection, stoppingToken).ConfigureAwait(false);
                    failures = 0;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return 0;
                }
                catch (InvalidInvocationException ex)
                {
                    requestId = ex.RequestId;
                    log.Write(ex.RequestId, LogLevel.Error, $"Invalid invocation from the Runtime API: {ex.Message}. Reporting it as an error.");
                    var sink = new RuntimeApiResponseSink(client, connections, thread, ex.RequestId, ex.InvocationId, log);
                    if (!await sink.SendErrorAsync(ErrorReport.FromMessage("Runtime.InvalidInvocation", ex.Message), CancellationToken.None).ConfigureAwait(false))
                    {
                        return 1;
                    }
                    continue;
                }
                catch (Exception ex) when (RuntimeApiFaults.CanRetryOnNewConnection(ex))
                {
                    await connections.RetireAsync().ConfigureAwait(false);
                    if (++failures > MaxConsecutiveFailures)
                    {
                        log.Write(null, LogLevel.Critical, $"The Runtime API at {client.Endpoint} failed {failures} times in a row ({ex.Message}); exiting so Lambda replaces the environment.");
                        return 1;
                    }
                    var backoff = Backoff(failures);
                    log.Write(null, LogLevel.Warning, $"next failed ({RuntimeApiFaults.Describe(ex)}); reconnecting in {backoff.TotalMilliseconds:0} ms (attempt {failures} of {MaxConsecutiveFailures}).");
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

                requestId = invocation.RequestId;
                await InvokeAsync(thread, connections, invocation).ConfigureAwait(false);
            }
            return 0;
        }
        catch (RuntimeApiException ex) when (ex.IsFatal)
        {
            log.Write(requestId, LogLevel.Critical, $"{ex.Message}. The Runtime API reports a container error; exiting so Lambda replaces the environment.");
            return 1;
        }
    }

    private async Task InvokeAsync(WorkerThread thread, ConnectionSlot connections, Invocation invocation)
    {
        var time = options.TimeProvider;
        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        CancellationSchedule.CancelAfter(deadline, invocation.Deadline - time.GetUtcNow() - options.DeadlineMargin);
        if (!environment.IsMultiConcurrent)
        {
            // Invocations overlap in multi-concurrency mode, so there the trace id lives only on the context.
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
        }
        var sink = new RuntimeApiResponseSink(client, connections, thread, invocation.RequestId, invocation.InvocationId, log);
        var response = new ResponseControl(sink, new LambdaLogger(log, invocation.RequestId, invocation.TenantId), deadline.Token, options.MaxStreamedResponseBytes);
        // Null unless something listens; it also makes the invocation's span Activity.Current for the handler's flow.
        var recording = InvocationTelemetry.Start(telemetry, invocation, response, deadline.Token);

        Exception? failure = null;
        try
        {
            await handler(invocation, response, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        // Where the handler left off, so that stopping a heartbeat does not move the report off the worker's thread.
        failure = await response.AfterHandlerAsync(failure).ConfigureAwait(false);

        // A handler that went asynchronous finished on a pool thread. The report moves to the worker's thread now
        // rather than at the next poll: one switch either way, and the acknowledgement is then awaited in poll.
        await thread.SwitchTo();

        // A Runtime API that stops answering must not hold the worker forever: past the deadline (and a grace for
        // the report itself) Lambda has timed the invocation out, so waiting longer can only block the next one.
        using var reportLimit = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var untilGiveUp = invocation.Deadline - time.GetUtcNow() + ReportGrace;
        CancellationSchedule.CancelAfter(reportLimit, untilGiveUp > ReportGrace ? untilGiveUp : ReportGrace);
        var outcome = ResponseOutcome.Error;
        try
        {
            outcome = await response.EndAsync(failure, reportLimit.Token).ConfigureAwait(false);
        }
        finally
        {
            // Also when the report met a container error and the worker is about to exit: that span matters most.
            recording?.End(outcome, failure);
            if (LambdaTelemetry.HasFlushes)
            {
                // Before the next poll: once it waits, Lambda may freeze the environment with the telemetry unsent.
                telemetry.Flush(invocation.RequestId);
            }
        }
    }
}
