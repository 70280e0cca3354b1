using System.IO.Pipelines;
using LambdaStreaming.Hosting;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// An invocation's response on its way to the Runtime API, over the worker's connections: a stream goes over the
/// connection its <c>next</c> came on and closes it afterwards (AWS requires it); a whole response or an error is
/// retried once on a fresh connection after a transport fault. Refusals are logged, not thrown.
/// </summary>
internal sealed class RuntimeApiResponseSink(RuntimeApiClient client, ConnectionSlot connections, WorkerThread thread, string requestId, string? invocationId, LogSink log) : IResponseSink
{
    private HttpConnection? _streamConnection;
    private ChunkedBodyWriter? _stream;

    public PipeWriter BeginStream(string contentType)
    {
        _streamConnection = connections.Current ?? throw new InvalidOperationException("A stream begins on the connection its invocation came on, and there is none.");
        return _stream = client.BeginStreamingResponse(_streamConnection, requestId, invocationId, contentType);
    }

    public async ValueTask EndStreamAsync(ErrorReport? error, CancellationToken giveUp)
    {
        await client.EndStreamingResponseAsync(_stream!, error, giveUp).ConfigureAwait(false);
        var reply = await ReadReportHereAsync(_streamConnection!, "streaming response", giveUp).ConfigureAwait(false);
        LogRefusal(error is null ? "streaming response" : "streaming response with error trailers", reply);
    }

    public async ValueTask ReleaseAsync()
    {
        if (_stream is not null)
        {
            await connections.RetireAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> body, string contentType, CancellationToken giveUp) =>
        await SendWithRetryAsync("response", c => client.SendResponseAsync(c, requestId, invocationId, body, contentType, giveUp), giveUp).ConfigureAwait(false);

    public ValueTask<bool> SendErrorAsync(ErrorReport error, CancellationToken giveUp) =>
        SendWithRetryAsync("error", c => client.SendErrorAsync(c, requestId, invocationId, error, giveUp), giveUp);

    /// <summary>
    /// Sends a report, retrying once on a fresh connection after a transport fault. The retry is safe: the Runtime API
    /// accepts one report per request id and refuses a duplicate with 403, so a report is never counted twice.
    /// </summary>
    private async ValueTask<bool> SendWithRetryAsync(string what, Func<HttpConnection, ValueTask> send, CancellationToken giveUp)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var current = await connections.GetAsync(giveUp).ConfigureAwait(false);
                await send(current).ConfigureAwait(false);
                LogRefusal(what, await ReadReportHereAsync(current, what, giveUp).ConfigureAwait(false));
                return true;
            }
            catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
            {
                await connections.RetireAsync().ConfigureAwait(false);
                log.Write(requestId, LogLevel.Error, RuntimeApiFaults.NoAnswerMessage(what));
                return false;
            }
            catch (Exception ex) when (RuntimeApiFaults.CanRetryOnNewConnection(ex))
            {
                await connections.RetireAsync().ConfigureAwait(false);
                if (attempt == 2)
                {
                    log.Write(requestId, LogLevel.Error, $"Could not send the {what} to the Runtime API ({RuntimeApiFaults.Describe(ex)}); Lambda will time the invocation out.");
                    return false;
                }
                log.Write(requestId, LogLevel.Warning, $"Sending the {what} failed ({RuntimeApiFaults.Describe(ex)}); retrying on a new connection.");
            }
        }
    }

    // Chosen on the thread that reads, after the write (which may have finished on the pool under backpressure):
    // the worker's own thread waits for the reply in poll; any other (a handler's CompleteAsync) must not.
    private ValueTask<ReportResult> ReadReportHereAsync(HttpConnection connection, string operation, CancellationToken giveUp)
    {
        connection.WaitOnCallingThread = thread.IsCurrent;
        return client.ReadReportAsync(connection, operation, giveUp);
    }

    private void LogRefusal(string what, ReportResult reply)
    {
        if (!reply.IsAccepted)
        {
            log.Write(requestId, LogLevel.Error, $"The Runtime API refused the {what}: {reply.Describe()}");
        }
    }
}
