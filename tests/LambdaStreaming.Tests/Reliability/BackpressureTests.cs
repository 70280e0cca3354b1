using System.Net;
using System.Net.Sockets;
using System.Text;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Reliability;

/// <summary>
/// A slow reader slows the handler instead of growing memory: <c>FlushAsync</c> completes only as the socket takes
/// the bytes, so what the handler has written stays within socket buffers of what the reader has read.
/// </summary>
public sealed class BackpressureTests
{
    private const long Total = 100L * 1024 * 1024;
    private const int Piece = 64 * 1024;

    [Fact]
    public async Task Streaming_100_MiB_to_a_slow_reader_keeps_the_handler_within_socket_buffers_of_it()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        long written = 0;
        await using var runtime = RuntimeUnderTest.Start($"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}", async (_, response, _) =>
        {
            for (long sent = 0; sent < Total; sent += Piece)
            {
                response.GetSpan(Piece);
                response.Advance(Piece);
                await response.FlushAsync();
                Interlocked.Add(ref written, Piece);
            }
        });

        using var socket = await listener.AcceptSocketAsync().WaitAsync(TestTimeouts.Guard);
        await using var stream = new NetworkStream(socket);
        var buffer = new byte[1024 * 1024];
        await ReadUntilAsync(stream, buffer, "\r\n\r\n"u8.ToArray());
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-slow\r\nLambda-Runtime-Deadline-Ms: {deadline}\r\nContent-Length: 2\r\n\r\n{{}}"));

        // The slow phase: 64 KiB at a time with pauses (about 1.3 MiB/s), the reader a network away from a fast writer.
        long read = 0;
        long worstLead = 0;
        for (var i = 0; i < 60; i++)
        {
            read += await stream.ReadAsync(buffer.AsMemory(0, Piece)).AsTask().WaitAsync(TestTimeouts.Guard);
            worstLead = Math.Max(worstLead, Interlocked.Read(ref written) - read);
            await Task.Delay(50);
        }

        // Then drain at full speed to the terminating chunk, so the invocation completes.
        var tail = new byte[5];
        while (true)
        {
            var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TestTimeouts.Guard);
            Assert.NotEqual(0, n);
            read += n;
            if (n >= 5)
            {
                buffer.AsSpan(n - 5, 5).CopyTo(tail);
            }
            if (tail.AsSpan().SequenceEqual("0\r\n\r\n"u8))
            {
                break;
            }
        }

        Assert.True(read > Total, $"read {read} bytes of a {Total}-byte body plus framing");
        // Loopback socket buffers hold a few MiB each way; 16 MiB is far above them and far below 100 MiB.
        Assert.True(worstLead < 16 * 1024 * 1024, $"the handler ran {worstLead / 1024 / 1024} MiB ahead of the reader");
        Assert.Equal(Total, Interlocked.Read(ref written));
    }

    private static async Task ReadUntilAsync(Stream stream, byte[] buffer, byte[] marker)
    {
        var filled = 0;
        while (buffer.AsSpan(0, filled).IndexOf(marker) < 0)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(filled)).AsTask().WaitAsync(TestTimeouts.Guard);
            if (n == 0)
            {
                throw new EndOfStreamException();
            }

            filled += n;
        }
    }
}
