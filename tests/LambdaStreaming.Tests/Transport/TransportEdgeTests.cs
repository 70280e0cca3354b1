using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LambdaStreaming.Tests.Support;
using LambdaStreaming.Transport;
using static LambdaStreaming.Tests.Transport.TransportTestUtil;

namespace LambdaStreaming.Tests.Transport;

/// <summary>
/// The transport's edges that Stryker found no test for (docs/mutation-testing.md): chunk-size lines at the line
/// limit and across reads, a body read in pieces with the next response behind it, token lists, the printable form
/// of bad bytes in messages, framing memory of exactly the size asked for, and socket faults on each kind of read.
/// </summary>
public sealed class TransportEdgeTests
{
    private static readonly HttpResponseLimits Limits = new(MaxLineLength: 40, MaxHeadLength: 120, MaxBodyLength: 64);
    private const string ChunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    [Theory]
    [InlineData(40, true)]
    [InlineData(41, false)]
    public async Task A_chunk_size_line_of_exactly_the_line_limit_is_read_whole_or_split_before_its_CRLF(int lineLength, bool accepted)
    {
        var line = "5;" + new string('e', lineLength - 2);
        foreach (var pieces in new[] { new[] { ChunkedHead + line + "\r\nhello\r\n0\r\n\r\n" }, [ChunkedHead + line, "\r\nhello\r\n0\r\n\r\n"] })
        {
            var failure = await Record.ExceptionAsync(() => ReadAsync(pieces));
            if (accepted)
            {
                Assert.Null(failure);
            }
            else
            {
                var malformed = Assert.IsType<MalformedHttpResponseException>(failure);
                Assert.Equal(HttpRejectionReason.HeaderLineTooLong, malformed.Reason);
                Assert.Equal("Malformed HTTP response (HeaderLineTooLong): a chunk-size or trailer line is too long", malformed.Message);
            }
        }
    }

    [Theory]
    [InlineData("5                               ")] // 32 bytes: the size, then whitespace to the scratch buffer's end
    [InlineData("5;extension-longer-than-32-bytes-here-x")] // an extension past 32 bytes is not part of the size
    public async Task A_chunk_size_followed_by_whitespace_or_a_long_extension_is_read(string line)
    {
        var response = await ReadAsync([ChunkedHead + line + "\r\nhello\r\n0\r\n\r\n"]);

        Assert.Equal("hello", Encoding.ASCII.GetString(response.Body.Span));
    }

    [Fact]
    public async Task A_body_read_in_pieces_takes_only_its_bytes_and_leaves_the_next_response_intact()
    {
        var reader = PipeReader.Create(new PiecesStream(
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd",
            "efghijHTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok"));

        var first = await HttpResponseReader.ReadAsync(reader, null, Limits, CancellationToken.None);
        var second = await HttpResponseReader.ReadAsync(reader, null, Limits, CancellationToken.None);

        Assert.Equal("abcdefghij", Encoding.ASCII.GetString(first.Body.Span));
        Assert.Equal(202, second.StatusCode);
        Assert.Equal("ok", Encoding.ASCII.GetString(second.Body.Span));
    }

    [Theory]
    [InlineData("close", false)]
    [InlineData(", close", false)] // an empty list item first
    [InlineData("close, upgrade", false)]
    [InlineData("upgrade, close", false)]
    [InlineData("keep-alive", true)]
    [InlineData("closed", true)]
    public async Task Connection_close_is_found_anywhere_in_its_token_list(string value, bool keepAlive)
    {
        var response = await ReadAsync([$"HTTP/1.1 200 OK\r\nConnection: {value}\r\nContent-Length: 0\r\n\r\n"]);

        Assert.Equal(keepAlive, response.KeepAlive);
    }

    [Theory]
    [InlineData("Content-Length: 0\r\nContent-Length: 5", "InvalidContentLength", "two different Content-Length values")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 0", "InvalidTransferEncoding", "both Content-Length and Transfer-Encoding are present")]
    public async Task A_Content_Length_of_zero_still_conflicts(string headers, string reason, string detail)
    {
        var failure = await Assert.ThrowsAsync<MalformedHttpResponseException>(() => ReadAsync([$"HTTP/1.1 200 OK\r\n{headers}\r\n\r\nhello"]));

        Assert.Equal(Enum.Parse<HttpRejectionReason>(reason), failure.Reason);
        Assert.EndsWith(detail, failure.Message);
    }

    [Theory]
    [InlineData(64, false)]
    [InlineData(65, true)]
    public void Bad_bytes_in_a_message_show_as_question_marks_and_only_the_first_64_are_shown(int length, bool cut)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill((byte)'a');
        bytes[0] = 0x7F; // DEL: not printable
        bytes[1] = 0x7E; // '~': the last printable byte
        bytes[2] = 0x1F; // below space

        var shown = HttpResponseHeadParser.Printable(bytes);

        Assert.Equal("?~?" + new string('a', 61) + (cut ? "..." : ""), shown);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(0x1000001)] // a size whose chunk prefix takes nine of the ten reserved bytes
    public void The_framer_hands_out_at_least_the_memory_asked_for_when_the_socket_gives_exactly_what_it_is_asked(int sizeHint)
    {
        var body = new ChunkedBodyWriter(new ExactPipeWriter());

        Assert.True(body.GetMemory(sizeHint).Length >= sizeHint);
    }

    [Fact]
    public async Task Memory_asked_for_again_within_what_is_left_stays_in_the_same_chunk()
    {
        var pipe = new Pipe();
        var body = new ChunkedBodyWriter(pipe.Writer);
        body.GetMemory(10);
        body.Advance(3);
        var left = body.GetMemory(1).Length;
        body.GetMemory(left);
        body.Advance(left);
        await body.FlushAsync();
        await pipe.Writer.CompleteAsync();

        var wire = Latin1(await ReadToEndAsync(pipe.Reader));
        var size = wire[..wire.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.Equal(3 + left, Convert.ToInt32(size.TrimStart('0').Length == 0 ? "0" : size, 16));
        Assert.Equal(wire.IndexOf("\r\n", StringComparison.Ordinal) + 2 + 3 + left + 2, wire.Length);
    }

    [Fact]
    public void The_socket_stream_reads_and_writes_and_does_not_seek()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var stream = new PollingSocketStream(socket);

        Assert.True(stream.CanRead);
        Assert.True(stream.CanWrite);
        Assert.False(stream.CanSeek);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_read_from_a_reset_connection_fails_with_an_IOException_naming_the_read(bool waitOnCallingThread)
    {
        var (client, accepted) = await ConnectedPairAsync();
        using var peer = accepted;
        using var stream = new PollingSocketStream(client) { WaitOnCallingThread = waitOnCallingThread };
        peer.LingerState = new LingerOption(true, 0);
        peer.Close();

        // On a thread of its own when the read may block there.
        var failure = await Assert.ThrowsAsync<IOException>(() => Task.Factory.StartNew(
            () => stream.ReadAsync(new byte[16]).AsTask(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap().WithGuard());

        Assert.Equal("Unable to read from the transport connection: ConnectionReset.", failure.Message);
        Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(failure.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task A_write_to_a_reset_connection_names_the_write()
    {
        var (client, accepted) = await ConnectedPairAsync();
        using var peer = accepted;
        using var stream = new PollingSocketStream(client);
        peer.LingerState = new LingerOption(true, 0);
        peer.Close();

        // The reset reaches this side once the kernel has processed it: the first writes may still succeed.
        var failure = await Assert.ThrowsAsync<IOException>(async () =>
        {
            for (var i = 0; i < 1000; i++)
            {
                await stream.WriteAsync(new byte[1024]);
            }
        });

        Assert.StartsWith("Unable to write to the transport connection: ", failure.Message);
    }

    [Fact]
    public async Task A_connect_still_in_progress_ends_with_a_cancellation_when_cancelled()
    {
        // A listener that accepts nothing, its queue filled: the kernel drops further handshakes, so a connect waits.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                fillers.Add(filler);
                try
                {
                    filler.Connect(endpoint);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock)
                {
                }
            }

            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var connecting = Task.Factory.StartNew(
                () => HttpConnection.ConnectAsync(HttpEndpoint.Parse($"127.0.0.1:{endpoint.Port}"), cancellation.Token).AsTask(),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

            var cancelled = await Assert.ThrowsAsync<OperationCanceledException>(() => connecting.WithGuard());
            Assert.Equal("Connecting to the Runtime API was cancelled.", cancelled.Message);
            Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
    }

    [Fact]
    public async Task A_header_longer_than_a_pipe_segment_is_written_whole()
    {
        var pipe = new Pipe();
        var value = new string('v', 10_000);
        var head = new HttpRequestHeadWriter(pipe.Writer, "POST"u8, "/p"u8);
        head.WriteHeader("X-Long"u8, value);
        head.End();
        await pipe.Writer.CompleteAsync();

        Assert.Equal($"POST /p HTTP/1.1\r\nX-Long: {value}\r\n\r\n", Latin1(await ReadToEndAsync(pipe.Reader)));
    }

    [Fact]
    public async Task A_head_whose_first_read_ends_inside_a_header_line_of_the_line_limit_is_read_once_the_rest_arrives()
    {
        const string start = "HTTP/1.1 200 OK\r\n";
        var line = "X: " + new string('v', 37); // 40 bytes, the line limit, its CRLF not yet read

        var response = await ReadAsync([start + line, "\r\nContent-Length: 0\r\n\r\n"]);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task A_head_that_has_not_ended_within_the_head_limit_is_refused_before_it_ends()
    {
        // 107 bytes of complete lines, then 30 of a line still open: 137 bytes, no end in sight, every line within its limit.
        var lines = string.Concat(Enumerable.Range(0, 3).Select(i => $"X-{i}: {new string('v', 23)}\r\n"));

        var failure = await Assert.ThrowsAsync<MalformedHttpResponseException>(() => ReadAsync(["HTTP/1.1 200 OK\r\n" + lines + "X-3: " + new string('v', 25), "never read"]));

        Assert.Equal(HttpRejectionReason.HeadersTooLarge, failure.Reason);
        Assert.Equal("Malformed HTTP response (HeadersTooLarge): the response head exceeds 120 bytes", failure.Message);
    }

    [Fact]
    public async Task A_pending_read_cancelled_through_the_pipe_ends_with_a_cancellation()
    {
        var pipe = new Pipe();
        var reading = HttpResponseReader.ReadAsync(pipe.Reader, null, Limits, CancellationToken.None).AsTask();
        pipe.Reader.CancelPendingRead();

        var cancelled = await Assert.ThrowsAsync<OperationCanceledException>(() => reading.WithGuard());
        Assert.Equal("Reading the response was cancelled.", cancelled.Message);
    }

    [Fact]
    public async Task A_write_with_a_cancelled_token_sends_nothing()
    {
        var (client, accepted) = await ConnectedPairAsync();
        using var peer = accepted;
        using var stream = new PollingSocketStream(client);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var write = stream.WriteAsync("not sent"u8.ToArray(), cancelled.Token);

        Assert.True(write.IsCanceled);
        // A loopback send is in the peer's receive queue when the call returns: nothing there means nothing was sent.
        await stream.WriteAsync("sent"u8.ToArray());
        var buffer = new byte[64];
        var read = await peer.ReceiveAsync(buffer, SocketFlags.None).WithGuard();
        Assert.Equal("sent", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task A_write_held_up_by_backpressure_fails_with_an_IOException_naming_the_write_when_the_peer_resets()
    {
        var (client, peer) = await ConnectedPairAsync();
        using var stream = new PollingSocketStream(client);

        var write = stream.WriteAsync(new byte[64 * 1024 * 1024]).AsTask();
        Assert.False(write.IsCompleted, "the socket took 64 MiB at once; the test needs a write held up by backpressure");
        peer.LingerState = new LingerOption(true, 0);
        peer.Close();

        var failure = await Assert.ThrowsAsync<IOException>(() => write.WithGuard());
        Assert.StartsWith("Unable to write to the transport connection: ", failure.Message);
        Assert.IsType<SocketException>(failure.InnerException);
    }

    /// <summary>A connected loopback pair: the socket the stream under test owns, and its peer.</summary>
    private static async Task<(Socket Client, Socket Peer)> ConnectedPairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        return (client, await listener.AcceptSocketAsync().WithGuard());
    }

    private static async Task<HttpResponse> ReadAsync(string[] pieces) =>
        await HttpResponseReader.ReadAsync(PipeReader.Create(new PiecesStream(pieces)), null, Limits, CancellationToken.None);

    /// <summary>A stream that returns each piece from one read of its own, then the end of the stream.</summary>
    private sealed class PiecesStream(params string[] pieces) : Stream
    {
        private int _next;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_next == pieces.Length)
            {
                return 0;
            }
            var piece = Latin1(pieces[_next++]);
            if (piece.Length > count)
            {
                throw new InvalidOperationException("a piece larger than the reader's buffer would be split");
            }
            piece.CopyTo(buffer, offset);
            return piece.Length;
        }

        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A writer whose memory is exactly the size asked for, as a pipe may give near the end of a segment.</summary>
    private sealed class ExactPipeWriter : PipeWriter
    {
        public override Memory<byte> GetMemory(int sizeHint = 0) => new byte[Math.Max(sizeHint, 1)];
        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
        public override void Advance(int bytes) { }
        public override void CancelPendingFlush() { }
        public override void Complete(Exception? exception = null) { }
        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => new(new FlushResult(false, false));
    }
}
