using System.IO.Pipelines;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Tests.Transport;

/// <summary>
/// The transport's refusals say what was wrong in words a log reader can act on: checked word for word, because the
/// runtime logs these messages as they are.
/// </summary>
public sealed class ErrorMessageTests
{
    [Fact]
    public void A_chunk_too_large_for_its_prefix_says_so()
    {
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPrefix.Write(new byte[6], 0x1_0000));
        Assert.StartsWith("A chunk of 65536 bytes does not fit a 4-digit prefix.", failure.Message);
    }

    [Fact]
    public void Advancing_past_the_memory_handed_out_says_how_much_there_was()
    {
        var body = new ChunkedBodyWriter(new Pipe().Writer);
        body.GetSpan(8);
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => body.Advance(1_000_000));
        Assert.Matches(@"^Cannot advance past the \d+ bytes of memory handed out\.", failure.Message);
    }

    [Fact]
    public async Task Writing_after_completion_says_the_body_is_complete()
    {
        var body = new ChunkedBodyWriter(new Pipe().Writer);
        await body.CompleteAsync([]);
        var failure = Assert.Throws<InvalidOperationException>(() => body.GetSpan(1));
        Assert.Equal("The chunked body has already been completed; nothing more can be written.", failure.Message);
    }

    [Fact]
    public void A_path_segment_with_a_character_that_needs_escaping_names_it()
    {
        var failure = Assert.Throws<ArgumentException>(() => new HttpRequestHeadWriter(new Pipe().Writer, "POST"u8, "/a/"u8, "req/1"));
        Assert.StartsWith("Path segment 'req/1' contains '/', which is not allowed unescaped in a request path.", failure.Message);
    }

    [Fact]
    public void A_header_value_with_a_line_break_names_the_header()
    {
        var failure = Assert.Throws<ArgumentException>(() =>
        {
            var head = new HttpRequestHeadWriter(new Pipe().Writer, "GET"u8, "/"u8);
            head.WriteHeader("X-Test"u8, "a\r\nb");
        });
        Assert.StartsWith("The value for header 'X-Test' contains CR, LF, NUL, another control character or a non-ASCII character.", failure.Message);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("host:0")]
    [InlineData("host:port")]
    public void A_runtime_api_address_that_is_not_host_port_is_quoted_back(string authority)
    {
        var failure = Assert.Throws<FormatException>(() => HttpEndpoint.Parse(authority));
        Assert.Equal($"'{authority}' is not a host:port address.", failure.Message);
    }

    [Theory]
    [InlineData("[::1]:9001", "::1")]
    [InlineData("[::1:9001", "[::1")] // unbalanced: not a bracketed IPv6 host, kept as written
    [InlineData("::1]:9001", "::1]")]
    public void Only_a_bracketed_host_loses_its_brackets(string authority, string host)
    {
        Assert.Equal(host, HttpEndpoint.Parse(authority).Host);
    }
}
