using System.Buffers;
using LambdaStreaming.Transport;
using static LambdaStreaming.Tests.Transport.TransportTestUtil;

namespace LambdaStreaming.Tests.Transport;

public sealed class HttpResponseHeadParserTests
{
    private static readonly HttpResponseLimits Small = new(MaxLineLength: 32, MaxHeadLength: 100, MaxBodyLength: 1024);

    /// <summary>Delimits the head with FindEndOfHead (which must find it) and parses it, like the reader does.</summary>
    private static HttpResponseHead ParseHead(string text, IHttpHeaderHandler? headers = null, HttpResponseLimits? limits = null, int segmentSize = int.MaxValue)
    {
        var buffer = Segmented(Latin1(text), segmentSize);
        var end = HttpResponseHeadParser.FindEndOfHead(buffer, limits ?? HttpResponseLimits.Default);
        Assert.NotNull(end);
        return HttpResponseHeadParser.Parse(buffer.Slice(0, end.Value), headers);
    }

    private static void AssertRejected(HttpRejectionReason reason, string text, HttpResponseLimits? limits = null)
    {
        var exception = Assert.Throws<MalformedHttpResponseException>(() => ParseHead(text, null, limits));
        Assert.Equal(reason, exception.Reason);
    }

    [Fact]
    public void FindEndOfHead_points_just_past_the_empty_line()
    {
        var buffer = new ReadOnlySequence<byte>(Latin1("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nBODY"));

        var end = HttpResponseHeadParser.FindEndOfHead(buffer, HttpResponseLimits.Default);

        Assert.NotNull(end);
        Assert.Equal("BODY", Latin1(buffer.Slice(end.Value).ToArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 2")]
    [InlineData("HTTP/1.1 200 OK\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r")]
    public void FindEndOfHead_asks_for_more_while_the_head_is_incomplete(string partial)
    {
        Assert.Null(HttpResponseHeadParser.FindEndOfHead(new ReadOnlySequence<byte>(Latin1(partial)), HttpResponseLimits.Default));
    }

    [Fact]
    public void A_200_with_Content_Length_keeps_the_connection_alive()
    {
        var head = ParseHead("HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n");

        Assert.Equal(new HttpResponseHead(200, 42, Chunked: false, KeepAlive: true), head);
        Assert.True(head.HasBody);
    }

    [Fact]
    public void Headers_reach_the_handler_in_order_with_names_as_sent_and_values_trimmed()
    {
        var handler = new RecordingHeaderHandler();

        ParseHead(
            "HTTP/1.1 202 Accepted\r\n"
            + "lambda-runtime-aws-request-id:   8476a536  \r\n"
            + "Content-Type:\tapplication/json\t\r\n"
            + "X-Inner: a \t b\r\n"
            + "X-Empty:\r\n"
            + "X-Latin1: caf\u00e9\r\n"
            + "Content-Length: 0\r\n\r\n",
            handler);

        Assert.Equal(
            [
                ("lambda-runtime-aws-request-id", "8476a536"),
                ("Content-Type", "application/json"),
                ("X-Inner", "a \t b"),
                ("X-Empty", ""),
                ("X-Latin1", "caf\u00e9"),
                ("Content-Length", "0"),
            ],
            handler.Headers);
    }

    [Fact]
    public void A_head_split_into_one_byte_segments_parses_the_same()
    {
        const string text = "HTTP/1.1 200 OK\r\nX-A: one\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        var whole = new RecordingHeaderHandler();
        var split = new RecordingHeaderHandler();

        Assert.Equal(ParseHead(text, whole), ParseHead(text, split, segmentSize: 1));
        Assert.Equal(whole.Headers, split.Headers);
        Assert.Equal(3, split.Headers.Count);
    }

    [Theory]
    [InlineData("Connection: close", false)]
    [InlineData("Connection: CLOSE", false)]
    [InlineData("Connection: keep-alive, close", false)]
    [InlineData("Connection: keep-alive", true)]
    [InlineData("Connection: closed", true)]
    [InlineData("X-Connection: close", true)]
    public void Connection_close_ends_keep_alive(string header, bool keepAlive)
    {
        Assert.Equal(keepAlive, ParseHead($"HTTP/1.1 200 OK\r\n{header}\r\nContent-Length: 0\r\n\r\n").KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")]
    public void HTTP_1_0_is_never_kept_alive(string text)
    {
        Assert.False(ParseHead(text).KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", 204)]
    [InlineData("HTTP/1.1 304 Not Modified\r\n\r\n", 304)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n", 100)]
    [InlineData("HTTP/1.1 204\r\n\r\n", 204)]
    public void Responses_without_a_body_need_no_framing_headers(string text, int status)
    {
        var head = ParseHead(text);

        Assert.Equal(status, head.StatusCode);
        Assert.False(head.HasBody);
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked")]
    [InlineData("transfer-encoding: Chunked")]
    public void Chunked_framing_is_recognised(string header)
    {
        Assert.Equal(new HttpResponseHead(200, -1, Chunked: true, KeepAlive: true), ParseHead($"HTTP/1.1 200 OK\r\n{header}\r\n\r\n"));
    }

    [Fact]
    public void A_repeated_identical_Content_Length_is_accepted()
    {
        Assert.Equal(5, ParseHead("HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n").ContentLength);
    }

    [Theory]
    [InlineData("HTTP/2 200 OK")]
    [InlineData("HTTP/1.1 20 OK")]
    [InlineData("HTTP/1.1 200OK")]
    [InlineData("HTTP/1.1 2000 OK")]
    [InlineData("HTTP/1.1  200 OK")]
    [InlineData("HTTP/1.1 abc OK")]
    [InlineData("HTTP/1.1 099 Too low")]
    [InlineData("HTTP/1.2 200 OK")]
    [InlineData("http/1.1 200 OK")]
    [InlineData(" HTTP/1.1 200 OK")]
    [InlineData("HTTP/1.1 200 O\u0001K")]
    [InlineData("garbage")]
    [InlineData("")]
    public void A_bad_status_line_is_rejected(string statusLine)
    {
        AssertRejected(HttpRejectionReason.InvalidStatusLine, $"{statusLine}\r\nContent-Length: 0\r\n\r\n");
    }

    [Theory]
    [InlineData("NoColon")]
    [InlineData(": no-name")]
    [InlineData("Name : space-before-colon")]
    [InlineData("Name\t: tab-before-colon")]
    [InlineData(" Folded: continuation")]
    [InlineData("Na me: v")]
    [InlineData("Na(me: v")]
    [InlineData("X-Value: a\u0001b")]
    [InlineData("X-Value: a\u007Fb")]
    [InlineData("X-Value: a\0b")]
    [InlineData("X-Value: a\nb")]
    [InlineData("X-Value: a\rb")]
    public void A_bad_header_line_is_rejected(string line)
    {
        AssertRejected(HttpRejectionReason.InvalidHeaderLine, $"HTTP/1.1 200 OK\r\n{line}\r\nContent-Length: 0\r\n\r\n");
    }

    [Fact]
    public void Lines_longer_than_the_limit_are_rejected_complete_or_not()
    {
        var fits = "X: " + new string('v', 29); // 32 bytes, the limit
        Assert.Equal(200, ParseHead($"HTTP/1.1 200 OK\r\n{fits}\r\nContent-Length: 0\r\n\r\n", limits: Small).StatusCode);

        AssertRejected(HttpRejectionReason.HeaderLineTooLong, $"HTTP/1.1 200 OK\r\n{fits}v\r\nContent-Length: 0\r\n\r\n", Small);
        var partial = new ReadOnlySequence<byte>(Latin1($"HTTP/1.1 200 OK\r\n{fits}v"));
        var exception = Assert.Throws<MalformedHttpResponseException>(() => HttpResponseHeadParser.FindEndOfHead(partial, Small));
        Assert.Equal(HttpRejectionReason.HeaderLineTooLong, exception.Reason);
    }

    [Fact]
    public void A_head_larger_than_the_limit_is_rejected_complete_or_not()
    {
        var headers = string.Concat(Enumerable.Range(0, 10).Select(i => $"X-Header-{i}: value\r\n")); // 10 x 19 bytes

        AssertRejected(HttpRejectionReason.HeadersTooLarge, $"HTTP/1.1 200 OK\r\n{headers}Content-Length: 0\r\n\r\n", Small);
        var partial = new ReadOnlySequence<byte>(Latin1($"HTTP/1.1 200 OK\r\n{headers}"));
        var exception = Assert.Throws<MalformedHttpResponseException>(() => HttpResponseHeadParser.FindEndOfHead(partial, Small));
        Assert.Equal(HttpRejectionReason.HeadersTooLarge, exception.Reason);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\n")]
    public void A_body_without_framing_is_rejected(string text)
    {
        AssertRejected(HttpRejectionReason.MissingContentLength, text);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("0x5")]
    [InlineData("5 5")]
    [InlineData("5, 5")]
    [InlineData("1e3")]
    [InlineData("")]
    [InlineData("1234567890123456789")]
    public void A_bad_Content_Length_is_rejected(string value)
    {
        AssertRejected(HttpRejectionReason.InvalidContentLength, $"HTTP/1.1 200 OK\r\nContent-Length: {value}\r\n\r\n");
    }

    [Fact]
    public void Two_different_Content_Lengths_are_rejected()
    {
        AssertRejected(HttpRejectionReason.InvalidContentLength, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
    }

    [Theory]
    [InlineData("Content-Length: 5\r\nTransfer-Encoding: chunked")]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 5")]
    [InlineData("Transfer-Encoding: gzip")]
    [InlineData("Transfer-Encoding: gzip, chunked")]
    [InlineData("Transfer-Encoding: identity")]
    public void Transfer_encodings_other_than_plain_chunked_are_rejected(string headers)
    {
        AssertRejected(HttpRejectionReason.InvalidTransferEncoding, $"HTTP/1.1 200 OK\r\n{headers}\r\n\r\n");
    }
}
