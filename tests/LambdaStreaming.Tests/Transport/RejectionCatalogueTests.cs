using System.IO.Pipelines;
using LambdaStreaming.Transport;
using static LambdaStreaming.Tests.Transport.TransportTestUtil;

namespace LambdaStreaming.Tests.Transport;

/// <summary>
/// Every way the response reader refuses a reply, with the exact line the runtime logs for it (the README promises
/// broken replies are "logged by name"), and each limit at its edge: exactly the limit passes, one byte more does not.
/// </summary>
public sealed class RejectionCatalogueTests
{
    private static readonly HttpResponseLimits Limits = new(MaxLineLength: 40, MaxHeadLength: 120, MaxBodyLength: 16);

    public static TheoryData<string, string, string> Rejections => new()
    {
        { "", "UnexpectedEndOfStream", "the connection closed before any response byte" },
        { "HTTP/1.1 200 OK\r\n", "UnexpectedEndOfStream", "the connection closed after 17 bytes of the response head" },
        { "\r\nHTTP/1.1 200 OK\r\n\r\n", "InvalidStatusLine", "the response starts with an empty line" },
        { "HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n", "InvalidStatusLine", "'HTTP/2 200 OK' is not 'HTTP/1.1 NNN reason'" },
        { "HTTP/1.1 200 O\u0001K\r\nContent-Length: 0\r\n\r\n", "InvalidStatusLine", "the reason phrase contains a control character" },
        { "HTTP/1.1 099 Low\r\nContent-Length: 0\r\n\r\n", "InvalidStatusLine", "status code 99 is out of range" },
        { "HTTP/1.1 200 OK\r\nno colon\r\nContent-Length: 0\r\n\r\n", "InvalidHeaderLine", "a header line has no colon" },
        { "HTTP/1.1 200 OK\r\n: empty\r\nContent-Length: 0\r\n\r\n", "InvalidHeaderLine", "a header has an empty name" },
        { "HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n", "InvalidHeaderLine", "a header name contains a character that is not allowed (whitespace, control or separator)" },
        { "HTTP/1.1 200 OK\r\nX: a\u0001b\r\nContent-Length: 0\r\n\r\n", "InvalidHeaderLine", "a header value contains a control character" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx", "InvalidContentLength", "two different Content-Length values" },
        { "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", "InvalidContentLength", "'+5' is not a valid Content-Length" },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "InvalidTransferEncoding", "only 'chunked' transfer coding is supported" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", "InvalidTransferEncoding", "both Content-Length and Transfer-Encoding are present" },
        { "HTTP/1.1 200 OK\r\n\r\nbody", "MissingContentLength", "a 200 response has neither Content-Length nor chunked framing" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n", "BodyTooLarge", "Content-Length 17 exceeds the limit of 16 bytes" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", "UnexpectedEndOfStream", "the connection closed after 2 of 5 body bytes" },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "InvalidChunkedBody", "'zz' is not a chunk size" },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n", "InvalidChunkedBody", "chunk data is not followed by CRLF" },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n", "BodyTooLarge", "the chunked body exceeds the limit of 16 bytes" },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", "UnexpectedEndOfStream", "the connection closed inside a chunked body after 3 bytes" },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + new string('e', 40) + "\r\n", "HeaderLineTooLong", "a chunk-size or trailer line is too long" },
        { "HTTP/1.1 200 OK\r\nX: " + new string('v', 38) + "\r\n\r\n", "HeaderLineTooLong", "a line of 41 bytes exceeds the limit of 40" },
        { "HTTP/1.1 200 OK\r\nX: " + new string('v', 60), "HeaderLineTooLong", "no line end within 40 bytes" },
        { "HTTP/1.1 200 OK\r\nA: 1234567890123456789012345\r\nB: 1234567890123456789012345\r\nC: 1234567890123456789012345\r\nD: 12345678\r\n\r\n", "HeadersTooLarge", "the response head exceeds 120 bytes" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Each_rejection_has_its_reason_and_its_message(string response, string reason, string detail)
    {
        var failure = await Assert.ThrowsAsync<MalformedHttpResponseException>(() => ReadAsync(response));

        Assert.Equal(Enum.Parse<HttpRejectionReason>(reason), failure.Reason);
        Assert.Equal($"Malformed HTTP response ({reason}): {detail}", failure.Message);
    }

    [Theory]
    [InlineData(40, true)]
    [InlineData(41, false)]
    public async Task A_header_line_of_exactly_the_line_limit_passes_one_byte_more_does_not(int lineLength, bool accepted)
    {
        var response = $"HTTP/1.1 200 OK\r\nX: {new string('v', lineLength - 3)}\r\nContent-Length: 0\r\n\r\n";
        await AssertAcceptedAsync(response, accepted);
    }

    [Theory]
    [InlineData(120, true)]
    [InlineData(121, false)]
    public async Task A_head_of_exactly_the_head_limit_passes_one_byte_more_does_not(int headLength, bool accepted)
    {
        const string start = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n";
        // Two header lines ("X: vvv...\r\n", each within the 40-byte line limit) make up the rest of the head.
        var rest = headLength - start.Length - 2;
        var lines = new[] { rest / 2, rest - rest / 2 }.Select(total => $"X: {new string('v', total - 5)}\r\n");
        var response = start + string.Concat(lines) + "\r\n";
        Assert.Equal(headLength, response.Length);
        await AssertAcceptedAsync(response, accepted);
    }

    [Theory]
    [InlineData(16, true)]
    [InlineData(17, false)]
    public async Task A_body_of_exactly_the_body_limit_passes_one_byte_more_does_not(int bodyLength, bool accepted)
    {
        await AssertAcceptedAsync($"HTTP/1.1 200 OK\r\nContent-Length: {bodyLength}\r\n\r\n{new string('b', bodyLength)}", accepted);
        await AssertAcceptedAsync($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{bodyLength:x}\r\n{new string('b', bodyLength)}\r\n0\r\n\r\n", accepted);
    }

    [Theory]
    [InlineData("000000000000005", true)] // 15 hex digits
    [InlineData("0000000000000005", false)] // 16: more than a chunk size needs
    public async Task A_chunk_size_of_up_to_15_hex_digits_is_read(string size, bool accepted)
    {
        await AssertAcceptedAsync($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{size}\r\nhello\r\n0\r\n\r\n", accepted);
    }

    [Theory]
    [InlineData("000000000000000005", true)] // 18 digits
    [InlineData("0000000000000000005", false)] // 19
    public async Task A_Content_Length_of_up_to_18_digits_is_read(string length, bool accepted)
    {
        await AssertAcceptedAsync($"HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\nhello", accepted);
    }

    private static async Task AssertAcceptedAsync(string response, bool accepted)
    {
        var failure = await Record.ExceptionAsync(() => ReadAsync(response));
        if (accepted)
        {
            Assert.Null(failure);
        }
        else
        {
            Assert.IsType<MalformedHttpResponseException>(failure);
        }
    }

    private static async Task<HttpResponse> ReadAsync(string response)
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Latin1(response));
        await pipe.Writer.CompleteAsync();
        return await HttpResponseReader.ReadAsync(pipe.Reader, null, Limits, CancellationToken.None);
    }
}
