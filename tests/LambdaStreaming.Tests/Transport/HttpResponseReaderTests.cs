using System.Buffers;
using System.IO.Pipelines;
using LambdaStreaming.Tests.Support;
using LambdaStreaming.Transport;
using static LambdaStreaming.Tests.Transport.TransportTestUtil;

namespace LambdaStreaming.Tests.Transport;

public sealed class HttpResponseReaderTests
{
    private const string ChunkedResponse =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-After: yes\r\n\r\n"
        + "5;ext=1\r\nhello\r\n"
        + "A ; name=\"v\"\r\n, world!!!\r\n"
        + "0\r\nX-Trailer: t\r\n\r\n";

    public static TheoryData<string, int, string> Responses => new()
    {
        { "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", 200, "hello" },
        { ChunkedResponse, 200, "hello, world!!!" },
        { "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok", 202, "ok" },
        { "HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n", 204, "" },
    };

    [Fact]
    public async Task A_200_with_a_Content_Length_body_is_read_with_its_headers()
    {
        var headers = new RecordingHeaderHandler();

        var response = await ReadResponseAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", headers);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("hello", Latin1(response.Body.Span));
        Assert.True(response.KeepAlive);
        Assert.Equal([("Content-Type", "text/plain"), ("Content-Length", "5")], headers.Headers);
    }

    [Fact]
    public async Task A_chunked_body_with_extensions_and_trailers_is_decoded()
    {
        var response = await ReadResponseAsync(ChunkedResponse);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("hello, world!!!", Latin1(response.Body.Span));
        Assert.True(response.KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", 204)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200)]
    public async Task Empty_bodies_are_empty(string text, int status)
    {
        var response = await ReadResponseAsync(text);

        Assert.Equal(status, response.StatusCode);
        Assert.True(response.Body.IsEmpty);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")]
    public async Task The_peer_asking_to_close_is_reported(string text)
    {
        Assert.False((await ReadResponseAsync(text)).KeepAlive);
    }

    [Fact]
    public async Task Interim_1xx_responses_are_skipped()
    {
        var response = await ReadResponseAsync(
            "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("ok", Latin1(response.Body.Span));
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task A_response_arriving_one_byte_per_read_parses_the_same(string text, int status, string body)
    {
        var headers = new RecordingHeaderHandler();
        var trickledHeaders = new RecordingHeaderHandler();

        var whole = await ReadResponseAsync(text, headers);
        var trickled = await ReadResponseAsync(Trickle(Latin1(text), bytesPerRead: 1), trickledHeaders);
        var fragmented = await ReadResponseAsync(PipeReader.Create(Segmented(Latin1(text), segmentSize: 1)));

        foreach (var response in new[] { whole, trickled, fragmented })
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(body, Latin1(response.Body.Span));
        }
        Assert.Equal(headers.Headers, trickledHeaders.Headers);
    }

    [Fact]
    public async Task A_response_fed_through_a_pipe_byte_by_byte_parses_the_same()
    {
        var pipe = new Pipe();
        var feeding = Task.Run(async () =>
        {
            foreach (var b in Latin1(ChunkedResponse))
            {
                await pipe.Writer.WriteAsync(new[] { b });
            }
            await pipe.Writer.CompleteAsync();
        });

        var response = await ReadResponseAsync(pipe.Reader);
        await feeding.WithGuard();

        Assert.Equal("hello, world!!!", Latin1(response.Body.Span));
    }

    [Fact]
    public async Task Consecutive_responses_on_one_connection_are_each_read_exactly()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Latin1(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"
            + ChunkedResponse
            + "HTTP/1.1 204 No Content\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nthree"));

        // The pipe's writer stays open: each read must be served from what is already buffered.
        Assert.Equal("one", Latin1((await ReadResponseAsync(pipe.Reader)).Body.Span));
        Assert.Equal("hello, world!!!", Latin1((await ReadResponseAsync(pipe.Reader)).Body.Span));
        Assert.Equal(204, (await ReadResponseAsync(pipe.Reader)).StatusCode);
        Assert.Equal("three", Latin1((await ReadResponseAsync(pipe.Reader)).Body.Span));
    }

    [Fact]
    public async Task The_body_is_a_copy_the_caller_owns()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Latin1("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));

        var response = await ReadResponseAsync(pipe.Reader);
        await pipe.Writer.WriteAsync(Latin1(new string('X', 8192))); // may reuse the pipe's memory

        Assert.Equal("hello", Latin1(response.Body.Span));
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Len")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n")]
    public async Task The_connection_ending_early_is_UnexpectedEndOfStream(string text)
    {
        await AssertRejectedAsync(HttpRejectionReason.UnexpectedEndOfStream, text);
        await Assert.ThrowsAsync<MalformedHttpResponseException>(() => ReadResponseAsync(Trickle(Latin1(text), 1)));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_BodyTooLarge()
    {
        var limits = HttpResponseLimits.Default with { MaxBodyLength = 4 };

        Assert.Equal("1234", Latin1((await ReadResponseAsync("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n1234", null, limits)).Body.Span));
        await AssertRejectedAsync(HttpRejectionReason.BodyTooLarge, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n12345", limits);
        await AssertRejectedAsync(HttpRejectionReason.BodyTooLarge, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n0\r\n\r\n", limits);
    }

    [Theory]
    [InlineData("zz\r\nhello\r\n0\r\n\r\n")]
    [InlineData("\r\n0\r\n\r\n")]
    [InlineData("-5\r\nhello\r\n0\r\n\r\n")]
    public async Task A_bad_chunk_size_line_is_InvalidChunkedBody(string body)
    {
        await AssertRejectedAsync(HttpRejectionReason.InvalidChunkedBody, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
    }

    [Fact]
    public async Task A_chunk_not_followed_by_CRLF_is_InvalidChunkedBody()
    {
        await AssertRejectedAsync(HttpRejectionReason.InvalidChunkedBody, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello!!\r\n0\r\n\r\n");
    }

    [Theory]
    [InlineData(nameof(HttpRejectionReason.InvalidStatusLine), "HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData(nameof(HttpRejectionReason.InvalidHeaderLine), "HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 0\r\n\r\n")]
    [InlineData(nameof(HttpRejectionReason.MissingContentLength), "HTTP/1.1 200 OK\r\n\r\nbody")]
    [InlineData(nameof(HttpRejectionReason.InvalidContentLength), "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello")]
    [InlineData(nameof(HttpRejectionReason.InvalidTransferEncoding), "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n")]
    public async Task Head_rejections_surface_from_the_reader_with_their_reason(string reason, string text)
    {
        // By name: the reasons are internal, and a public test method cannot take one as a parameter.
        await AssertRejectedAsync(Enum.Parse<HttpRejectionReason>(reason), text);
    }

    [Fact]
    public async Task Head_limits_apply_to_the_reader()
    {
        var limits = new HttpResponseLimits(MaxLineLength: 64, MaxHeadLength: 128, MaxBodyLength: 1024);

        await AssertRejectedAsync(HttpRejectionReason.HeaderLineTooLong, $"HTTP/1.1 200 OK\r\nX: {new string('a', 70)}\r\nContent-Length: 0\r\n\r\n", limits);
        var many = string.Concat(Enumerable.Range(0, 10).Select(i => $"X-{i}: {new string('a', 20)}\r\n"));
        await AssertRejectedAsync(HttpRejectionReason.HeadersTooLarge, $"HTTP/1.1 200 OK\r\n{many}Content-Length: 0\r\n\r\n", limits);
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_the_response_throws()
    {
        var pipe = new Pipe();
        using var cancellation = new CancellationTokenSource();

        var reading = HttpResponseReader.ReadAsync(pipe.Reader, null, HttpResponseLimits.Default, cancellation.Token).AsTask();
        await pipe.Writer.WriteAsync(Latin1("HTTP/1.1 200 OK\r\n"));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WithGuard());
    }
}
