using System.Net.Sockets;
using System.Text;

namespace LambdaStreaming.Tests.Support;

/// <summary>One accepted connection of a <see cref="ScriptedServer"/>: read what the runtime sent, write any bytes back.</summary>
internal sealed class ScriptedConnection(Socket socket) : IAsyncDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);
    private readonly List<byte> _pending = [];

    /// <summary>Every byte received so far, in order, for exact-bytes assertions.</summary>
    public List<byte> Received { get; } = [];

    /// <summary>The last head <see cref="ReadHeadAsync"/> returned (or a test recorded).</summary>
    public string? LastHead { get; set; }

    /// <summary>Reads a request head up to and including the empty line; null if the peer closed first.</summary>
    public async Task<string?> ReadHeadAsync()
    {
        while (true)
        {
            var end = IndexOf(_pending, "\r\n\r\n"u8);
            if (end >= 0)
            {
                return LastHead = Encoding.Latin1.GetString(Take(end + 4));
            }
            if (!await FillAsync())
            {
                return null;
            }
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        while (_pending.Count < count)
        {
            if (!await FillAsync())
            {
                throw new EndOfStreamException($"Peer closed after {_pending.Count} of {count} bytes.");
            }
        }
        return Take(count);
    }

    /// <summary>Reads a line ending in CRLF, returned without it.</summary>
    public async Task<string> ReadLineAsync()
    {
        while (true)
        {
            var end = IndexOf(_pending, "\r\n"u8);
            if (end >= 0)
            {
                var line = Encoding.Latin1.GetString(Take(end + 2));
                return line[..^2];
            }
            if (!await FillAsync())
            {
                throw new EndOfStreamException("Peer closed inside a line.");
            }
        }
    }

    /// <summary>Decodes a whole chunked body; returns the data, each chunk's size as framed, and the trailer lines.</summary>
    public async Task<(byte[] Data, List<int> ChunkSizes, List<string> Trailers)> ReadChunkedBodyAsync()
    {
        var data = new List<byte>();
        var sizes = new List<int>();
        while (true)
        {
            var sizeLine = await ReadLineAsync();
            var size = Convert.ToInt32(sizeLine, 16);
            if (size == 0)
            {
                break;
            }
            sizes.Add(size);
            data.AddRange(await ReadExactlyAsync(size));
            Assert.Equal("", await ReadLineAsync());
        }
        var trailers = new List<string>();
        for (var line = await ReadLineAsync(); line.Length > 0; line = await ReadLineAsync())
        {
            trailers.Add(line);
        }
        return ([.. data], sizes, trailers);
    }

    /// <summary>Waits until the peer closes its side; returns the bytes that arrived before that.</summary>
    public async Task<int> ReadToEndAsync()
    {
        var before = _pending.Count;
        while (await FillAsync())
        {
        }
        var count = _pending.Count - before;
        return count;
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.Latin1.GetBytes(text));

    public async Task WriteAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Answers like the Runtime API: 202 with a small JSON body.</summary>
    public Task AcceptReportAsync() => WriteAsync("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{\"status\":\"OK\"}\n");

    /// <summary>Answers <c>next</c> with an invocation.</summary>
    public Task SendInvocationAsync(string requestId, string body, long? deadlineMs = null, string extraHeaders = "")
    {
        var payload = Encoding.UTF8.GetBytes(body);
        var deadline = deadlineMs ?? DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
        var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: {requestId}\r\n" +
                   $"Lambda-Runtime-Deadline-Ms: {deadline}\r\nLambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:test\r\n" +
                   $"Lambda-Runtime-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1\r\n{extraHeaders}Content-Length: {payload.Length}\r\n\r\n";
        return WriteAsync([.. Encoding.Latin1.GetBytes(head), .. payload]);
    }

    /// <summary>Whether the runtime has closed its side (checked without waiting; nothing unread may be pending).</summary>
    public bool IsClosedByPeer() => _pending.Count == 0 && socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;

    /// <summary>Resets the connection (RST) instead of closing it gracefully.</summary>
    public void Reset()
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();

    private async Task<bool> FillAsync()
    {
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TestTimeouts.Guard);
        int read;
        try
        {
            read = await _stream.ReadAsync(buffer, timeout.Token);
        }
        catch (IOException)
        {
            return false;
        }
        if (read == 0)
        {
            return false;
        }
        var received = buffer.AsSpan(0, read);
        _pending.AddRange(received);
        Received.AddRange(received);
        return true;
    }

    private byte[] Take(int count)
    {
        var taken = _pending.GetRange(0, count).ToArray();
        _pending.RemoveRange(0, count);
        return taken;
    }

    private static int IndexOf(List<byte> haystack, ReadOnlySpan<byte> needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }
            if (match)
            {
                return i;
            }
        }
        return -1;
    }
}
