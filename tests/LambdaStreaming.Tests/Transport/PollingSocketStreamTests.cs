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

    // Reads behave alike in both modes; they differ only in how they wait: in poll on the calling thread (a thread of
    // the owner's own, run here on one) or on the event loop (run here from a pool thread).
    public static TheoryData<bool> OnPool => new() { false, true };

    [Theory]
    [MemberData(nameof(OnPool))]
    public async Task A_read_waits_for_bytes_that_arrive_later(bool onPool)
    {
        var buffer = new byte[16];
        var reading = Run(onPool, () => _stream.ReadAsync(buffer).AsTask());
        await _peer.SendAsync("late"u8.ToArray());

        Assert.Equal(4, await reading.WithGuard());
        Assert.Equal("late"u8.ToArray(), buffer[..4]);
    }

    [Theory]
    [MemberData(nameof(OnPool))]
    public async Task A_read_after_a_write_waits_for_the_reply_and_returns_it(bool onPool)
    {
        var buffer = new byte[16];
        var exchange = Run(onPool, () =>
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

    [Theory]
    [MemberData(nameof(OnPool))]
    public async Task A_read_after_a_write_whose_reply_already_arrived_returns_it(bool onPool)
    {
        await _peer.SendAsync("early"u8.ToArray());
        await _stream.WriteAsync("ping"u8.ToArray());

        var buffer = new byte[16];
        Assert.Equal(5, await Run(onPool, () => _stream.ReadAsync(buffer).AsTask()).WithGuard());
        Assert.Equal("early"u8.ToArray(), buffer[..5]);
    }

    [Theory]
    [MemberData(nameof(OnPool))]
    public async Task A_cancelled_wait_for_a_reply_ends_with_a_cancellation(bool onPool)
    {
        using var cancellation = new CancellationTokenSource();
        await _stream.WriteAsync("ping"u8.ToArray());
        var reading = Run(onPool, () => _stream.ReadAsync(new byte[16], cancellation.Token).AsTask());
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WithGuard());
    }

    [Theory]
    [MemberData(nameof(OnPool))]
    public async Task A_read_after_the_peer_closed_returns_the_end_of_the_stream(bool onPool)
    {
        _peer.Shutdown(SocketShutdown.Send);

        Assert.Equal(0, await Run(onPool, () => _stream.ReadAsync(new byte[16]).AsTask()).WithGuard());
    }

    [Theory]
    [MemberData(nameof(OnPool))]
    public async Task A_cancelled_wait_for_bytes_ends_with_a_cancellation(bool onPool)
    {
        using var cancellation = new CancellationTokenSource();
        var reading = Run(onPool, () => _stream.ReadAsync(new byte[16], cancellation.Token).AsTask());
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WithGuard());
    }

    // The mode is the owner's choice, not the calling thread's: the stream never looks at which thread calls it.
    [Fact]
    public async Task An_asynchronous_read_hands_its_thread_back_while_it_waits_even_on_a_thread_of_its_own()
    {
        var buffer = new byte[16];
        await _stream.WriteAsync("ping"u8.ToArray());
        _stream.WaitOnCallingThread = false;

        // Waiting in poll would keep the thread from returning until the reply came, and the reply never comes first.
        var (returnedAtOnce, reading) = await OnThread(onPool: false, () =>
        {
            var read = _stream.ReadAsync(buffer).AsTask();
            return Task.FromResult((!read.IsCompleted, read));
        }).WithGuard();
        await _peer.SendAsync("pong"u8.ToArray());

        Assert.True(returnedAtOnce, "the read had finished before the reply was sent");
        Assert.Equal(4, await reading.WithGuard());
        Assert.Equal("pong"u8.ToArray(), buffer[..4]);
    }

    [Fact]
    public async Task A_read_told_to_wait_on_its_thread_waits_there_even_on_a_pool_thread()
    {
        var buffer = new byte[16];
        _stream.WaitOnCallingThread = true;
        var returned = OnThread(onPool: true, () =>
        {
            var read = _stream.ReadAsync(buffer);
            return Task.FromResult(read.IsCompleted);
        });
        await _peer.SendAsync("late"u8.ToArray());

        Assert.True(await returned.WithGuard(), "the read returned before the bytes it waits for");
        Assert.Equal("late"u8.ToArray(), buffer[..4]);
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

    /// <summary>Runs <paramref name="action"/> on a pool thread, or on a new thread like the worker's.</summary>
    private Task<T> Run<T>(bool onPool, Func<Task<T>> action)
    {
        _stream.WaitOnCallingThread = !onPool;
        return OnThread(onPool, action);
    }

    private static Task<T> OnThread<T>(bool onPool, Func<Task<T>> action)
    {
        if (onPool)
        {
            return Task.Run(action);
        }
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                // The reads complete synchronously here, so waiting for the task blocks nothing but this thread.
                result.SetResult(action().GetAwaiter().GetResult());
            }
            catch (Exception ex)
            {
                result.SetException(ex);
            }
        }) { IsBackground = true }.Start();
        return result.Task;
    }
}
