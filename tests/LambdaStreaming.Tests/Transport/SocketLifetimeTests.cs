using System.Net;
using System.Net.Sockets;
using LambdaStreaming.Tests.Support;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Tests.Transport;

/// <summary>
/// What becomes of sockets when things go wrong: a failed connect leaves no descriptor behind, a cancellation's
/// shutdown never throws into the canceller, and a socket error racing a cancellation still reads as the cancellation.
/// Run alone, so that the process's descriptor count moves only with what these tests do.
/// </summary>
[Collection(nameof(SocketLifetimeTests))]
[CollectionDefinition(nameof(SocketLifetimeTests), DisableParallelization = true)]
public sealed class SocketLifetimeTests
{
    [Fact]
    public async Task A_failed_connect_closes_its_socket_at_once()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closed = HttpEndpoint.Parse($"127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}");
        probe.Stop();
        const int attempts = 200;

        var before = OpenDescriptors();
        for (var i = 0; i < attempts; i++)
        {
            await Assert.ThrowsAnyAsync<SocketException>(() => HttpConnection.ConnectAsync(closed, CancellationToken.None).AsTask());
        }
        var after = OpenDescriptors();

        // A leaked socket keeps its descriptor until a garbage collection finalises it: 200 of them would show.
        Assert.True(after - before < attempts / 4, $"{after - before} more descriptors open after {attempts} failed connects");
    }

    [Fact]
    public void The_shutdown_a_cancellation_runs_never_throws_even_on_a_closed_socket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        PollingSocketStream.ShutDown(socket);
        socket.Dispose();

        PollingSocketStream.ShutDown(socket);
    }

    [Fact]
    public async Task A_connection_reset_racing_the_cancellation_of_a_blocking_read_reads_as_the_cancellation()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptSocketAsync();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        using var peer = await accepting.WithGuard();
        using var stream = new PollingSocketStream(client) { WaitOnCallingThread = true };
        using var cancellation = new CancellationTokenSource();

        var readerThread = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            readerThread.SetResult(LinuxThreadId());
            try
            {
                reading.SetResult(stream.ReadAsync(new byte[16], cancellation.Token).AsTask().GetAwaiter().GetResult());
            }
            catch (Exception ex)
            {
                reading.SetException(ex);
            }
        }) { IsBackground = true }.Start();
        await WaitUntilBlockedInPollAsync(await readerThread.Task.WithGuard(), reading.Task);

        // Registered after the stream's own callback, so it runs first: the reset reaches the socket before the
        // stream's shutdown does, and the blocked read wakes to an error instead of the end of the stream.
        cancellation.Token.Register(() =>
        {
            peer.LingerState = new LingerOption(true, 0);
            peer.Close();
        });
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.Task.WithGuard());
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "gettid")]
    private static extern int LinuxThreadId();

    /// <summary>Waits, by watching the kernel's view of the thread, until <paramref name="tid"/> sleeps in poll.</summary>
    private static async Task WaitUntilBlockedInPollAsync(int tid, Task reading)
    {
        var wchan = $"/proc/self/task/{tid}/wchan";
        using var guard = new CancellationTokenSource(TestTimeouts.Guard);
        while (!File.ReadAllText(wchan).Contains("poll", StringComparison.Ordinal))
        {
            Assert.False(reading.IsCompleted, "the read ended before it waited");
            await Task.Delay(1, guard.Token);
        }
    }
}
