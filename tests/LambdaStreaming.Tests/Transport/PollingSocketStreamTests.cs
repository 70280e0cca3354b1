using System.Net;
using System.Net.Sockets;
using LambdaStreaming.Tests.Support;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Tests.Transport;

/// <summary>The runtime's socket stream against a real loopback peer: waits, backpressure, cancellation, faults.</summary>
public sealed class PollingSocketStreamTests : IAsyncLifetime
{
    private const int MoreThanTheSocketHolds = 64 * 1024 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private Socket _peer = null!;
    private PollingSocketStream _stream = null!;

    public async Task InitializeAsync()
    {
        _listener.Start();
        var accepting = _listener.AcceptSocketAsync();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync((IPEndPoint)_listener.LocalEndpoint);
        _peer = await accepting.WithGuard();
        _stream = new PollingSocketStream(client);
    }

    public Task DisposeAsync()
    {
        _stream.Dispose();
        _peer.Dispose();
        _listener.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_read_waits_for_bytes_that_arrive_later_on_the_callers_thread()
    {
        var buffer = new byte[16];
        var reading = Task.Run(() => _stream.ReadAsync(buffer).AsTask());
        await _peer.SendAsync("late"u8.ToArray());

        Assert.Equal(4, await reading.WithGuard());
        Assert.Equal("late"u8.ToArray(), buffer[..4]);
    }

    [Fact]
    public async Task A_read_after_a_write_waits_for_the_reply_and_returns_it()
    {
        var buffer = new byte[16];
        var exchange = Task.Run(() =>
        {
            _stream.Write("ping"u8);
            return _stream.ReadAsync(buffer).AsTask();
        });
        var request = new byte[4];
        Assert.Equal(4, await _peer.ReceiveAsync(request).WithGuard());
        await _peer.SendAsync("pong"u8.ToArray());

        Assert.Equal("ping"u8.ToArray(), request);
        Assert.Equal(4, await exchange.WithGuard());
        Assert.Equal("pong"u8.ToArray(), buffer[..4]);
    }

    [Fact]
    public async Task A_read_after_a_write_whose_reply_already_arrived_returns_it()
    {
        await _peer.SendAsync("early"u8.ToArray());
        await _stream.WriteAsync("ping"u8.ToArray());

        var buffer = new byte[16];
        Assert.Equal(5, await Task.Run(() => _stream.ReadAsync(buffer).AsTask()).WithGuard());
        Assert.Equal("early"u8.ToArray(), buffer[..5]);
    }

    [Fact]
    public async Task A_cancelled_wait_for_a_reply_ends_with_a_cancellation()
    {
        using var cancellation = new CancellationTokenSource();
        await _stream.WriteAsync("ping"u8.ToArray());
        var reading = Task.Run(() => _stream.ReadAsync(new byte[16], cancellation.Token).AsTask());
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WithGuard());
    }

    [Fact]
    public async Task A_read_after_the_peer_closed_returns_the_end_of_the_stream()
    {
        _peer.Shutdown(SocketShutdown.Send);

        Assert.Equal(0, await Task.Run(() => _stream.ReadAsync(new byte[16]).AsTask()).WithGuard());
    }

    [Fact]
    public async Task A_cancelled_wait_for_bytes_ends_with_a_cancellation()
    {
        using var cancellation = new CancellationTokenSource();
        var reading = Task.Run(() => _stream.ReadAsync(new byte[16], cancellation.Token).AsTask());
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WithGuard());
    }

    [Fact]
    public void A_write_the_socket_has_room_for_completes_at_once()
    {
        var write = _stream.WriteAsync("hello"u8.ToArray());

        Assert.True(write.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_write_larger_than_the_socket_holds_completes_asynchronously_once_the_peer_reads_it_all()
    {
        var data = new byte[MoreThanTheSocketHolds];
        data.AsSpan().Fill((byte)'w');

        var write = _stream.WriteAsync(data).AsTask();
        Assert.False(write.IsCompleted, "the socket took 64 MiB at once; the test needs a write held up by backpressure");

        var received = 0L;
        var buffer = new byte[1024 * 1024];
        while (received < data.Length)
        {
            var read = await _peer.ReceiveAsync(buffer, SocketFlags.None).WithGuard();
            Assert.True(read > 0, "the peer saw the end of the stream early");
            Assert.True(buffer.AsSpan(0, read).IndexOfAnyExcept((byte)'w') < 0, "a byte changed on the way");
            received += read;
        }
        await write.WithGuard();
        Assert.Equal(data.Length, received);
    }

    [Fact]
    public async Task A_write_held_up_by_backpressure_ends_with_a_cancellation_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var write = _stream.WriteAsync(new byte[MoreThanTheSocketHolds], cancellation.Token).AsTask();
        Assert.False(write.IsCompleted);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write.WithGuard());
    }

    [Fact]
    public async Task A_write_to_a_reset_connection_fails_with_an_IOException()
    {
        _peer.LingerState = new LingerOption(true, 0);
        _peer.Close();
        // The reset reaches the stream's socket once the kernel has processed it: the first write may still succeed.
        var thrown = await Assert.ThrowsAsync<IOException>(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await _stream.WriteAsync(new byte[1024]);
            }
        }).WithGuard();
        Assert.IsType<SocketException>(thrown.InnerException);
    }
}
