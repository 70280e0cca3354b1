using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace LambdaStreaming.Transport;

/// <summary>
/// One HTTP/1.1 client connection over a TCP socket, read and written through pipes. Requests are written into
/// <see cref="Output"/> (whose memory goes to the socket as is on flush); responses are read with
/// <see cref="ReadResponseAsync"/>.
/// </summary>
internal sealed class HttpConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PollingSocketStream _stream;
    private bool _disposed;

    private HttpConnection(Socket socket, HttpEndpoint endpoint)
    {
        _socket = socket;
        Endpoint = endpoint;
        _stream = new PollingSocketStream(socket);
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    /// <summary>The peer this connection talks to.</summary>
    public HttpEndpoint Endpoint { get; }

    /// <summary>Where request bytes are written; nothing reaches the socket until it is flushed.</summary>
    public PipeWriter Output { get; }

    /// <summary>Where response bytes are read from.</summary>
    public PipeReader Input { get; }

    /// <summary>
    /// False once the peer asked to close, a protocol error left the framing position unknown, or the connection
    /// was disposed: the owner must open a new connection.
    /// </summary>
    public bool IsReusable { get; private set; } = true;

    /// <summary>
    /// Whether reads wait in <c>poll</c> on the calling thread (for a thread the caller keeps for such waits) or
    /// asynchronously on the event loop (the default); see <see cref="PollingSocketStream"/>.
    /// </summary>
    public bool WaitOnCallingThread
    {
        get => _stream.WaitOnCallingThread;
        set => _stream.WaitOnCallingThread = value;
    }

    /// <summary>Marks the connection as not reusable, e.g. because a request was abandoned half-written.</summary>
    public void Poison() => IsReusable = false;

    /// <summary>
    /// Opens a TCP connection with Nagle's algorithm off (each flush is latency-sensitive). The connect completes on
    /// the calling thread: the Runtime API is on loopback, where it takes microseconds.
    /// </summary>
    /// <exception cref="SocketException">The peer cannot be reached.</exception>
    public static ValueTask<HttpConnection> ConnectAsync(HttpEndpoint endpoint, CancellationToken cancellationToken)
    {
        var target = endpoint.SocketEndPoint;
        var socket = target is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            cancellationToken.ThrowIfCancellationRequested();
            // A synchronous connect involves no event loop and, on loopback, returns as soon as the kernel has done
            // the handshake; a cancellation closes the socket to end it early.
            using (cancellationToken.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket))
            {
                try
                {
                    socket.Connect(target);
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is SocketException or ObjectDisposedException)
                {
                    throw new OperationCanceledException("Connecting to the Runtime API was cancelled.", ex, cancellationToken);
                }
            }
            return ValueTask.FromResult(new HttpConnection(socket, endpoint));
        }
        catch (Exception ex)
        {
            socket.Dispose();
            // Failures arrive through the returned task, as from any asynchronous method.
            return ValueTask.FromException<HttpConnection>(ex);
        }
    }

    /// <summary>
    /// Reads one response, waiting as <see cref="WaitOnCallingThread"/> says. A cancellation closes the connection to
    /// end the wait. Any failure poisons the connection, since its framing position is then unknown.
    /// </summary>
    /// <exception cref="MalformedHttpResponseException">The response is malformed or the peer closed early.</exception>
    /// <exception cref="IOException">The socket failed.</exception>
    public async ValueTask<HttpResponse> ReadResponseAsync(IHttpHeaderHandler? headers, HttpResponseLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            var response = await HttpResponseReader.ReadAsync(Input, headers, limits, cancellationToken).ConfigureAwait(false);
            if (!response.KeepAlive)
            {
                IsReusable = false;
            }
            return response;
        }
        catch
        {
            IsReusable = false;
            throw;
        }
    }

    /// <summary>Closes the socket. Unflushed output is discarded, never sent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        IsReusable = false;
        // Abortive close of unflushed data is intended: a half-built request must never reach the peer.
        await Input.CompleteAsync().ConfigureAwait(false);
        // Completing with an exception makes the pipe return its buffers without writing what is pending.
        await Output.CompleteAsync(new ObjectDisposedException(nameof(HttpConnection))).ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
