using System.Net.Sockets;

namespace LambdaStreaming.Transport;

/// <summary>
/// A stream over a non-blocking socket with two kinds of read, chosen by its owner
/// (<see cref="WaitOnCallingThread"/>): one that waits in <c>poll</c> on the calling thread, for a thread of the
/// owner's own, and one that waits on the event loop like any asynchronous socket read, for everything else. The
/// Runtime API answers at once from loopback, so a thread waiting in <c>poll</c> is woken by the kernel the moment
/// bytes arrive, with no epoll thread and no thread-pool hop in between (<see cref="NetworkStream"/>'s asynchronous
/// reads cost two thread wake-ups each). Writes are sent at once when the socket has room, and asynchronously when
/// it does not, so a flush held up by a slow reader never blocks the handler's thread.
/// </summary>
/// <remarks>
/// A cancellation token ends a wait in <c>poll</c> by shutting the socket down, and a wait on the event loop by
/// cancelling the receive; either way the connection is unusable afterwards, as after any cancelled read of a
/// response.
/// </remarks>
internal sealed class PollingSocketStream : Stream
{
    private readonly Socket _socket;

    // Set by a write, cleared by the next read: the reply to a request just sent is at least a round trip away, so
    // that read waits before it tries (a receive first would only find nothing: one wasted system call per reply).
    private bool _awaitingReply;

    /// <param name="socket">A connected socket; it is switched to non-blocking mode and owned by the stream.</param>
    public PollingSocketStream(Socket socket)
    {
        _socket = socket;
        socket.Blocking = false;
    }

    /// <summary>
    /// Whether <see cref="ReadAsync(Memory{byte}, CancellationToken)"/> waits in <c>poll</c> on the calling thread
    /// (true: only for a thread the owner keeps for such waits) or on the event loop (false, the default: a blocked
    /// thread-pool thread is one the rest of the process cannot have).
    /// </summary>
    public bool WaitOnCallingThread { get; set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_awaitingReply)
        {
            _awaitingReply = false;
            _socket.Poll(-1, SelectMode.SelectRead);
        }
        while (true)
        {
            var read = _socket.Receive(buffer, SocketFlags.None, out var error);
            if (error == SocketError.Success)
            {
                return read;
            }
            if (error != SocketError.WouldBlock)
            {
                throw Fault("read from", error);
            }
            _socket.Poll(-1, SelectMode.SelectRead);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _awaitingReply = true;
        while (!buffer.IsEmpty)
        {
            buffer = buffer[SendSome(buffer)..];
            if (!buffer.IsEmpty)
            {
                _socket.Poll(-1, SelectMode.SelectWrite);
            }
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        if (!WaitOnCallingThread)
        {
            return ReceiveWithoutBlockingAsync(buffer, cancellationToken);
        }
        using var abort = Abort(cancellationToken);
        try
        {
            var read = Read(buffer.Span);
            // A shutdown reads as the end of the stream; when it was the cancellation's doing, say so.
            return read == 0 && cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(read);
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }
        _awaitingReply = true;
        var sent = SendSome(buffer.Span);
        return sent == buffer.Length ? ValueTask.CompletedTask : SendRestAsync(buffer[sent..], cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _socket.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Sends what the socket takes without waiting; returns how much that was.</summary>
    private int SendSome(ReadOnlySpan<byte> buffer)
    {
        var sent = _socket.Send(buffer, SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success => sent,
            SocketError.WouldBlock => 0,
            _ => throw Fault("write to", error),
        };
    }

    private async ValueTask<int> ReceiveWithoutBlockingAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        _awaitingReply = false;
        try
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw Fault("read from", ex.SocketErrorCode, ex);
        }
    }

    // The socket is full: the rest waits for room on the runtime's event loop, like any asynchronous socket write.
    private async ValueTask SendRestAsync(ReadOnlyMemory<byte> rest, CancellationToken cancellationToken)
    {
        try
        {
            while (!rest.IsEmpty)
            {
                rest = rest[await _socket.SendAsync(rest, SocketFlags.None, cancellationToken).ConfigureAwait(false)..];
            }
        }
        catch (SocketException ex)
        {
            throw Fault("write to", ex.SocketErrorCode, ex);
        }
    }

    private CancellationTokenRegistration Abort(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static s => ShutDown((Socket)s!), _socket) : default;

    /// <summary>Ends any wait on <paramref name="socket"/>; never throws, since it runs inside a cancellation callback.</summary>
    internal static void ShutDown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed: the wait has ended or is about to.
        }
    }

    // Socket errors surface as IOException, as they do from NetworkStream, so callers handle one exception type.
    private static IOException Fault(string direction, SocketError error, SocketException? inner = null) =>
        new($"Unable to {direction} the transport connection: {error}.", inner ?? new SocketException((int)error));
}
