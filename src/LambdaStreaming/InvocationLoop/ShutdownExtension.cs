using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// A no-op internal extension. Lambda sends SIGTERM before it shuts an environment down only when an extension is
/// registered (and then waits 500 ms for an internal one before SIGKILL); without one the process is killed
/// unwarned. Registering and holding the extension's <c>event/next</c> long poll open is all it takes.
/// </summary>
internal sealed class ShutdownExtension : IAsyncDisposable
{
    /// <summary>The name the extension registers under (<c>Lambda-Extension-Name</c>).</summary>
    public const string Name = "lambda-streaming-shutdown";

    private readonly ExtensionsApiClient _client;
    private readonly HttpConnection _connection;
    private readonly string _identifier;
    private readonly LogSink _log;
    private readonly CancellationTokenSource _stop = new();
    private Task _poll = Task.CompletedTask;

    private ShutdownExtension(ExtensionsApiClient client, HttpConnection connection, string identifier, LogSink log)
    {
        _client = client;
        _connection = connection;
        _identifier = identifier;
        _log = log;
    }

    /// <summary>
    /// Registers the extension and sends its first <c>event/next</c>, both before the runtime's first <c>next</c>, as
    /// Lambda requires of extensions. A refusal or an unreachable API is logged and gives null: the function still
    /// runs, only without the SIGTERM warning.
    /// </summary>
    public static async Task<ShutdownExtension?> TryRegisterAsync(HttpEndpoint endpoint, LogSink log, CancellationToken cancellationToken)
    {
        var client = new ExtensionsApiClient(endpoint);
        HttpConnection? connection = null;
        try
        {
            connection = await HttpConnection.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            var identifier = await client.RegisterAsync(connection, Name, cancellationToken).ConfigureAwait(false);
            await client.RequestEventAsync(connection, identifier, cancellationToken).ConfigureAwait(false);
            var extension = new ShutdownExtension(client, connection, identifier, log);
            // The reply waits until shutdown; it is read on the pool, where a read waits on the event loop, not a thread.
            extension._poll = Task.Run(extension.PollAsync, CancellationToken.None);
            return extension;
        }
        catch (Exception ex)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            log.Write(null, LogLevel.Warning, $"Could not register the shutdown extension with the Extensions API at {endpoint} ({ex.Message}); Lambda will not send SIGTERM before shutting this environment down.");
            return null;
        }
    }

    // An extension with no events gets no reply before shutdown; if one comes anyway, poll again.
    private async Task PollAsync()
    {
        try
        {
            while (true)
            {
                var reply = await _client.ReadEventAsync(_connection, _stop.Token).ConfigureAwait(false);
                if (reply.StatusCode != 200)
                {
                    _log.Write(null, LogLevel.Debug, $"The Extensions API answered the shutdown extension's event/next with {reply.StatusCode}; it stops polling.");
                    return;
                }
                await _client.RequestEventAsync(_connection, _identifier, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Stopped by DisposeAsync, or Lambda closed the connection at shutdown, before the SIGTERM: nothing to report.
            if (!_stop.IsCancellationRequested)
            {
                _log.Write(null, LogLevel.Debug, $"The shutdown extension's event/next ended: {ex.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _poll.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
