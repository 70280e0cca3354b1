// The protocol floor: the least any runtime can do behind the emulator, measured by the harness like a runtime. One
// thread, blocking socket calls, and nothing but the Runtime API's bytes: it reads only the request id and the event
// from `next`, skips every check a real runtime makes (status, framing, limits, errors), runs no handler, builds no
// context and reports no failure. It keeps the protocol's order, though: the first chunk goes out on its own (a
// runtime must send a flushed chunk before it knows whether the handler writes more) and is followed by a yield of
// the CPU, as ours does, so that the Runtime API can pass it on at once; then the terminating chunk, then it reads
// the report's reply, closes the connection (as AWS requires after a streamed response) and polls `next` on a new
// one. Its figures are what the emulator and this machine allow any runtime, so its ratios to the baseline bound
// those ours can reach. Events as in benchmarks/Functions/StreamingBench: "small" is one 6-byte chunk;
// "bulk:<bytes>" that many bytes in 64 KiB chunks.
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

const int Piece = 64 * 1024;
var endPoint = IPEndPoint.Parse(Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")!);
var next = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: runtime\r\n\r\n"u8.ToArray();
var hello = "6\r\nhello\n\r\n"u8.ToArray();
var crLf = "\r\n"u8.ToArray();
var piece = new byte[Piece];
var received = new byte[256 * 1024];

while (true)
{
    using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    socket.Connect(endPoint);
    socket.Send(next);
    var (requestId, @event) = ReadReply(socket, received);

    var head = new ArraySegment<byte>(Encoding.ASCII.GetBytes(
        $"POST /2018-06-01/runtime/invocation/{requestId}/response HTTP/1.1\r\nHost: runtime\r\n" +
        "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n" +
        "Content-Type: application/octet-stream\r\nConnection: close\r\n\r\n"));
    var bulk = @event.AsSpan().IndexOf("bulk:"u8);
    if (bulk < 0)
    {
        socket.Send(new[] { head, new(hello) });
        Thread.Yield();
    }
    else
    {
        Utf8Parser.TryParse(@event.AsSpan(bulk + "bulk:"u8.Length), out long total, out _);
        for (long sent = 0; sent < total; sent += Piece)
        {
            var size = (int)Math.Min(Piece, total - sent);
            var prefix = new ArraySegment<byte>(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
            var data = new ArraySegment<byte>(piece, 0, size);
            socket.Send(sent == 0 ? new[] { head, prefix, data, new(crLf) } : new[] { prefix, data, new(crLf) });
            if (sent == 0)
            {
                Thread.Yield();
            }
        }
    }

    socket.Send("0\r\n\r\n"u8);
    ReadReply(socket, received);
}

// Reads one reply with a Content-Length body; returns its request id header (empty if absent) and its body.
static (string RequestId, ArraySegment<byte> Body) ReadReply(Socket socket, byte[] buffer)
{
    var filled = 0;
    int headEnd;
    while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
    {
        filled += Receive(socket, buffer, filled);
    }

    var head = buffer.AsSpan(0, headEnd);
    var bodyStart = headEnd + 4;
    var bodyEnd = bodyStart + (int)Field(head, "Content-Length: "u8, out _);
    while (filled < bodyEnd)
    {
        filled += Receive(socket, buffer, filled);
    }

    Field(head, "Lambda-Runtime-Aws-Request-Id: "u8, out var requestId);
    return (Encoding.ASCII.GetString(requestId), new ArraySegment<byte>(buffer, bodyStart, bodyEnd - bodyStart));
}

static int Receive(Socket socket, byte[] buffer, int offset)
{
    var read = socket.Receive(buffer.AsSpan(offset));
    return read > 0 ? read : throw new EndOfStreamException("The Runtime API closed the connection.");
}

// A header's value (empty when absent), and that value as a number (0 when it is not one).
static long Field(ReadOnlySpan<byte> head, ReadOnlySpan<byte> nameAndSeparator, out ReadOnlySpan<byte> value)
{
    var at = head.IndexOf(nameAndSeparator);
    value = at < 0 ? default : head[(at + nameAndSeparator.Length)..];
    var end = value.IndexOf("\r\n"u8);
    value = end < 0 ? value : value[..end];
    return Utf8Parser.TryParse(value, out long number, out _) ? number : 0;
}
