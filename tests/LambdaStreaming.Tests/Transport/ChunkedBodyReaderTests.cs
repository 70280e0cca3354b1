using System.Buffers;
using System.IO.Pipelines;
using LambdaStreaming.Tests.Support;
using LambdaStreaming.Transport;
using static LambdaStreaming.Tests.Transport.TransportTestUtil;

namespace LambdaStreaming.Tests.Transport;

public sealed class ChunkedBodyReaderTests
{
    private static async Task<string> DecodeAsync(string body, HttpResponseLimits? limits = null)
    {
        var reader = PipeReader.Create(new ReadOnlySequence<byte>(Latin1(body)));
        var data = await ChunkedBodyReader.ReadAsync(reader, limits ?? HttpResponseLimits.Default, CancellationToken.None).AsTask().WithGuard();
        return Latin1(data.Span);
    }

    private static async Task AssertRejectedAsync(HttpRejectionReason reason, string body, HttpResponseLimits? limits = null)
    {
        var exception = await Assert.ThrowsAsync<MalformedHttpResponseException>(() => DecodeAsync(body, limits));
        Assert.Equal(reason, exception.Reason);
    }

    [Theory]
    [InlineData("5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("0005\r\nhello\r\n00\r\n\r\n")]
    [InlineData("2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n")]
    [InlineData("5;name=value\r\nhello\r\n0;last\r\n\r\n")]
    [InlineData("5 ;a=\"b;c\"\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\t;x\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhello\r\n0\r\nX-Trailer: one\r\nX-Other: two\r\n\r\n")]
    public async Task Decodes_sizes_with_padding_extensions_and_trailers(string body)
    {
        Assert.Equal("hello", await DecodeAsync(body));
    }

    [Fact]
    public async Task Hex_sizes_are_case_insensitive()
    {
        var ten = new string('x', 10);
        var big = new string('y', 0xAB);

        Assert.Equal(ten + big, await DecodeAsync($"A\r\n{ten}\r\nab\r\n{big}\r\n0\r\n\r\n"));
    }

    [Fact]
    public async Task Reading_stops_at_the_end_of_the_body_and_leaves_what_follows_readable()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Latin1("3\r\nabc\r\n0\r\n\r\nNEXT"));

        var body = await ChunkedBodyReader.ReadAsync(pipe.Reader, HttpResponseLimits.Default, CancellationToken.None).AsTask().WithGuard();

        Assert.Equal("abc", Latin1(body.Span));
        // The writer is still open: the bytes already there must be returned without waiting for more.
        var next = await pipe.Reader.ReadAsync().AsTask().WithGuard();
        Assert.Equal("NEXT", Latin1(next.Buffer.ToArray()));
    }

    [Theory]
    [InlineData("zz\r\n")]
    [InlineData("\r\nhello\r\n0\r\n\r\n")]
    [InlineData("-5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("+5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("0x5\r\nhello\r\n0\r\n\r\n")]
    [InlineData(" 5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5 5\r\nhello\r\n0\r\n\r\n")]
    [InlineData(";ext\r\nhello\r\n0\r\n\r\n")]
    [InlineData("10000000000000000\r\n")]
    public async Task A_bad_chunk_size_line_is_rejected(string body)
    {
        await AssertRejectedAsync(HttpRejectionReason.InvalidChunkedBody, body);
    }

    [Theory]
    [InlineData("5\r\nhelloXX0\r\n\r\n")]
    [InlineData("5\r\nhello\n0\r\n\r\n")]
    [InlineData("3\r\nhello\r\n0\r\n\r\n")]
    public async Task Chunk_data_not_followed_by_CRLF_is_rejected(string body)
    {
        await AssertRejectedAsync(HttpRejectionReason.InvalidChunkedBody, body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5\r\nhel")]
    [InlineData("5\r\nhello\r\n")]
    [InlineData("5\r\nhello\r\n0\r\n")]
    [InlineData("5\r\nhello\r\n0\r\nX-Trailer: t\r\n")]
    public async Task The_connection_ending_inside_the_body_is_rejected(string body)
    {
        await AssertRejectedAsync(HttpRejectionReason.UnexpectedEndOfStream, body);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_rejected_even_across_chunks()
    {
        var limits = HttpResponseLimits.Default with { MaxBodyLength = 8 };

        Assert.Equal("12345678", await DecodeAsync("4\r\n1234\r\n4\r\n5678\r\n0\r\n\r\n", limits));
        await AssertRejectedAsync(HttpRejectionReason.BodyTooLarge, "4\r\n1234\r\n5\r\n56789\r\n0\r\n\r\n", limits);
        await AssertRejectedAsync(HttpRejectionReason.BodyTooLarge, "ffffff\r\n", limits); // before waiting for the data
    }

    [Fact]
    public async Task Size_and_trailer_lines_longer_than_the_limit_are_rejected()
    {
        var limits = HttpResponseLimits.Default with { MaxLineLength = 16 };
        var extension = ";" + new string('e', 16);

        await AssertRejectedAsync(HttpRejectionReason.HeaderLineTooLong, $"5{extension}\r\nhello\r\n0\r\n\r\n", limits);
        await AssertRejectedAsync(HttpRejectionReason.HeaderLineTooLong, $"5{extension}", limits); // no CRLF yet
        await AssertRejectedAsync(HttpRejectionReason.HeaderLineTooLong, "0\r\nX-Long: " + new string('t', 16) + "\r\n\r\n", limits);
    }
}
