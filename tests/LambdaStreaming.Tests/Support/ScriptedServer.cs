using System.Net;
using System.Net.Sockets;

namespace LambdaStreaming.Tests.Support;

/// <summary>
/// A loopback TCP server whose every byte is scripted by the test: it can answer like the Runtime API, or send
/// exactly the malformed reply a test needs. Real sockets, no HTTP library on the server side.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<ScriptedConnection> _connections = [];

    public ScriptedServer() => _listener.Start();

    /// <summary>The <c>host:port</c> to put in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Authority => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Waits for the runtime's next connection.</summary>
    public async Task<ScriptedConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TestTimeouts.Guard);
        var socket = await _listener.AcceptSocketAsync(timeout.Token);
        var connection = new ScriptedConnection(socket);
        lock (_connections)
        {
            _connections.Add(connection);
        }
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        ScriptedConnection[] all;
        lock (_connections)
        {
            all = [.. _connections];
        }
        foreach (var connection in all)
        {
            await connection.DisposeAsync();
        }
    }
}
