using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// A worker's connections to the Runtime API: the one in use, and a spare connected in the background. A streamed
/// response must close its connection (AWS requires it), so without the spare every streaming invocation would pay
/// a TCP connect before its next <c>next</c>.
/// </summary>
/// <remarks>
/// The spare is connected once the handler has produced its response (<see cref="PrepareSpare"/>), not when the
/// next invocation is awaited: a connect racing the arrival of the next event measurably delays its first byte
/// (about 20 µs per invocation on two cores), while after the handler it overlaps the end of the response instead.
/// </remarks>
internal sealed class ConnectionSlot(RuntimeApiClient client) : IAsyncDisposable
{
    private HttpConnection? _current;
    private Task<HttpConnection>? _spare;

    /// <summary>Returns a reusable connection: the current one, else the spare, else a new one; then refills the spare.</summary>
    public async ValueTask<HttpConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { IsReusable: true })
        {
            return _current;
        }
        await RetireAsync().ConfigureAwait(false);
        var spare = _spare;
        _spare = null;
        HttpConnection? connection = null;
        if (spare is not null)
        {
            try
            {
                connection = await spare.ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The spare failed to connect; connect again now and let that failure, if any, surface.
            }
        }
        connection ??= await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        _current = connection;
        return connection;
    }

    /// <summary>Starts connecting the spare, unless one is connected or connecting already.</summary>
    public void PrepareSpare() => _spare ??= ConnectSpareAsync();

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

    public async ValueTask DisposeAsync()
    {
        await RetireAsync().ConfigureAwait(false);
        if (_spare is { } spare)
        {
            _spare = null;
            try
            {
                await (await spare.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A spare that never connected has nothing to close.
            }
        }
    }

    private async Task<HttpConnection> ConnectSpareAsync()
    {
        await Task.Yield();
        return await client.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
