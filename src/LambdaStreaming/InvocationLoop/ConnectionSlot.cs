using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// A worker's connection to the Runtime API: the one in use, replaced when it can no longer carry a request (a
/// streamed response must close its connection, as AWS requires, and faults poison theirs).
/// </summary>
/// <remarks>
/// The replacement is connected when it is needed, on the worker's thread: on loopback that takes microseconds and
/// overlaps the previous caller receiving its end (why not a spare connected in the background:
/// docs/performance-notes.md).
/// </remarks>
internal sealed class ConnectionSlot(RuntimeApiClient client) : IAsyncDisposable
{
    private HttpConnection? _current;

    /// <summary>The connection in use (the one the last <c>next</c> came on), if any.</summary>
    public HttpConnection? Current => _current;

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
