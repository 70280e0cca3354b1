using System.Buffers;
using LambdaStreaming.Transport;
using static LambdaStreaming.Tests.Transport.TransportTestUtil;

namespace LambdaStreaming.Tests.Transport;

public sealed class HttpRequestHeadWriterTests
{
    [Fact]
    public void Writes_the_request_line_headers_and_the_empty_line_exactly()
    {
        var output = new ArrayBufferWriter<byte>();

        var head = new HttpRequestHeadWriter(output, "POST"u8, "/2018-06-01/runtime/invocation/"u8, "8476a536-e9f4-11e8-9739-2dfe598c3fcd", "/response"u8);
        head.WriteHeader("Host"u8, "127.0.0.1:9001"u8);
        head.WriteHeader("Content-Type"u8, "application/json; charset=utf-8");
        head.WriteHeader("Content-Length"u8, 1234567890123L);
        head.WriteHeader("X-Zero"u8, 0L);
        head.WriteHeader("X-Min"u8, long.MinValue);
        head.End();

        Assert.Equal(
            Latin1(
                "POST /2018-06-01/runtime/invocation/8476a536-e9f4-11e8-9739-2dfe598c3fcd/response HTTP/1.1\r\n"
                + "Host: 127.0.0.1:9001\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: 1234567890123\r\n"
                + "X-Zero: 0\r\n"
                + "X-Min: -9223372036854775808\r\n"
                + "\r\n"),
            output.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_head_longer_than_the_span_first_asked_for_is_written_whole()
    {
        var output = new ArrayBufferWriter<byte>(16);
        var values = Enumerable.Range(0, 6).Select(i => new string((char)('a' + i), 100 * (i + 1))).ToArray();

        var head = new HttpRequestHeadWriter(output, "POST"u8, "/p/"u8, "id", "/s"u8);
        foreach (var value in values)
        {
            head.WriteHeader("X-Long"u8, value);
            head.WriteHeader("X-Number"u8, value.Length);
        }
        head.End();

        var expected = "POST /p/id/s HTTP/1.1\r\n" + string.Concat(values.Select(v => $"X-Long: {v}\r\nX-Number: {v.Length}\r\n")) + "\r\n";
        Assert.Equal(expected, Latin1(output.WrittenSpan));
    }

    [Fact]
    public void A_path_without_a_segment_is_written_as_is()
    {
        var output = new ArrayBufferWriter<byte>();

        new HttpRequestHeadWriter(output, "GET"u8, "/2018-06-01/runtime/invocation/next"u8).End();

        Assert.Equal("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n\r\n", Latin1(output.WrittenSpan));
    }

    [Fact]
    public void Unreserved_characters_and_colons_are_allowed_in_the_segment()
    {
        var output = new ArrayBufferWriter<byte>();

        new HttpRequestHeadWriter(output, "GET"u8, "/p/"u8, "AZaz09-_.~:", "/s"u8).End();

        Assert.Equal("GET /p/AZaz09-_.~:/s HTTP/1.1\r\n\r\n", Latin1(output.WrittenSpan));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("a?b")]
    [InlineData("a%2Fb")]
    [InlineData("a#b")]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("caf\u00e9")]
    public void A_path_segment_that_would_need_escaping_throws_before_anything_is_written(string segment)
    {
        var output = new ArrayBufferWriter<byte>();

        var exception = Assert.Throws<ArgumentException>(() => { _ = new HttpRequestHeadWriter(output, "POST"u8, "/p/"u8, segment, "/s"u8); });

        Assert.Equal("pathSegment", exception.ParamName);
        Assert.Equal(0, output.WrittenCount);
    }

    [Theory]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("\r\nX-Injected: yes")]
    [InlineData("\u20ac")]
    public void A_header_value_that_could_change_the_framing_throws_and_nothing_of_the_head_is_committed(string value)
    {
        var output = new ArrayBufferWriter<byte>();

        var exception = Assert.Throws<ArgumentException>(() =>
        {
            var head = new HttpRequestHeadWriter(output, "GET"u8, "/"u8);
            head.WriteHeader("X-Value"u8, value);
        });

        Assert.Equal("value", exception.ParamName);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void A_tab_is_allowed_in_a_value_but_a_character_beyond_ASCII_is_not()
    {
        var output = new ArrayBufferWriter<byte>();

        var head = new HttpRequestHeadWriter(output, "GET"u8, "/"u8);
        head.WriteHeader("X-Value"u8, "a\tb ~");
        head.End();
        Assert.Throws<ArgumentException>(() => new HttpRequestHeadWriter(new ArrayBufferWriter<byte>(), "GET"u8, "/"u8).WriteHeader("X-Value"u8, "a \u00ff"));

        Assert.Equal(Latin1("GET / HTTP/1.1\r\nX-Value: a\tb ~\r\n\r\n"), output.WrittenSpan.ToArray());
    }
}
