using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LambdaStreaming.EndToEnd;

/// <summary>What loopback TCP itself costs here: a small request/reply round trip, and bulk 64 KiB writes.</summary>
internal static class LoopbackFloors
{
    /// <summary>
    /// The median round trip of a 64-byte message and its echo, with blocking calls on two threads of their own: no
    /// event loop or thread pool between the bytes and the code, so it is the least a request and reply can take
    /// here. The first round trips are not timed (they run the harness's code for the first time).
    /// </summary>
    public static async Task<double> RoundTripP50MicrosecondsAsync(int roundTrips)
    {
        const int warmUp = 200;
        var (client, server) = await ConnectPairAsync();
        using var _ = client;
        using var __ = server;
        var echo = new Thread(() =>
        {
            var buffer = new byte[64];
            for (var i = 0; i < warmUp + roundTrips; i++)
            {
                ReceiveExactly(server, buffer);
                server.Send(buffer);
            }
        }) { IsBackground = true, Name = "floor echo" };
        echo.Start();

        var message = new byte[64];
        var samples = new List<double>(roundTrips);
        for (var i = 0; i < warmUp + roundTrips; i++)
        {
            var started = Stopwatch.GetTimestamp();
            client.Send(message);
            ReceiveExactly(client, message);
            if (i >= warmUp)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        }

        echo.Join();
        samples.Sort();
        return Percentiles.Of(samples, 50);
    }

    public static async Task<double> ThroughputMBpsAsync(long bytes)
    {
        var (client, server) = await ConnectPairAsync();
        using var _ = client;
        using var __ = server;
        var clock = Stopwatch.StartNew();
        var sink = Task.Run(async () =>
        {
            var buffer = new byte[256 * 1024];
            long received = 0;
            while (received < bytes)
            {
                received += await server.ReceiveAsync(buffer);
            }
        });

        var piece = new byte[64 * 1024];
        for (long sent = 0; sent < bytes; sent += piece.Length)
        {
            await client.SendAsync(piece);
        }

        await sink;
        return bytes / 1e6 / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(Socket Client, Socket Server)> ConnectPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accept = listener.AcceptSocketAsync();
        await client.ConnectAsync(listener.LocalEndpoint);
        var server = await accept;
        server.NoDelay = true;
        return (client, server);
    }

    private static void ReceiveExactly(Socket socket, byte[] buffer)
    {
        for (var filled = 0; filled < buffer.Length;)
        {
            var read = socket.Receive(buffer.AsSpan(filled));
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            filled += read;
        }
    }
}
