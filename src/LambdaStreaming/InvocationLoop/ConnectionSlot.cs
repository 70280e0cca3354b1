using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// A worker's connection to the Runtime API: the one in use, replaced when it can no longer carry a request (a
/// streamed response must close its connection, as AWS requires, and faults poison theirs).
/// </summary>
/// <remarks>
/// The replacement is connected when it is needed, on the worker's thread: on loopback the connect returns in
/// microseconds, while the reply to the previous report has just been read and the caller of the previous
/// invocation is still receiving its end, so the connect overlaps that instead of delaying anything. (An earlier
/// design connected a spare in the background; its completion cost two thread wake-ups per invocation.)
/// </remarks>
internal sealed class ConnectionSlot(RuntimeApiClient client) : IAsyncDisposable
{
    private HttpConnection? _current;

    /// <summary>Returns a reusable connection: the current one, else a new one.</summary>
    public async ValueTask<HttpConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { IsReusable: true })
        {
            return _current;
        }
        await RetireAsync().ConfigureAwait(false);
        _current = await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return _current;
    }

    /// <summary>Closes the current connection (after a streamed response, or after a fault).</summary>
    public async ValueTask RetireAsync()
    {
        var current = _current;
        _current = null;
        if (current is not null)
        {
            await current.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => RetireAsync();
}
