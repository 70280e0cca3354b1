using System.IO.Pipelines;
using System.Text;
using CsCheck;
using LambdaStreaming.Tests.Support;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Tests.Reliability;

/// <summary>
/// The runtime's HTTP response parser against arbitrary bytes: it parses, or throws its documented
/// <see cref="MalformedHttpResponseException"/>, and always finishes: never another exception, never a loop.
/// </summary>
public sealed class ResponseParserPropertyTests
{
    private static readonly HttpResponseLimits Limits = new(1024, 4096, 64 * 1024);

    // Mostly plausible responses with damage, so the parser gets past its first line often; plus pure noise.
    private static readonly Gen<byte[]> Replies = Gen.OneOf(
        Gen.Byte.Array[0, 600],
        Gen.Select(
            Gen.OneOfConst("HTTP/1.1 200 OK", "HTTP/1.1 202 Accepted", "HTTP/1.0 500 X", "HTTP/1.1 20", "HTTP/1.1 200"),
            Gen.OneOfConst("Content-Length: 5", "Content-Length: -1", "Content-Length: 99999999999999999999", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip, chunked", "X: y", "bad header"),
            Gen.OneOfConst("hello", "5\r\nhello\r\n0\r\n\r\n", "zz\r\n", "5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n", "", "\r\n"),
            Gen.String[0, 30],
            (status, header, body, noise) => Encoding.Latin1.GetBytes($"{status}\r\n{header}\r\n\r\n{body}{noise}")));

    [Fact]
    public async Task Any_bytes_parse_or_fail_with_the_documented_exception()
    {
        await Replies.SampleAsync(async bytes =>
        {
            var outcome = await ParseAsync(bytes).WaitAsync(TestTimeouts.OneSample);
            return outcome is null or MalformedHttpResponseException;
        }, iter: 3000);
    }

    [Fact]
    public async Task The_same_bytes_split_anywhere_give_the_same_outcome()
    {
        await Gen.Select(Replies, Gen.Int[0, 600]).SampleAsync(async (bytes, split) =>
        {
            var whole = await ParseAsync(bytes).WaitAsync(TestTimeouts.OneSample);
            var pieces = await ParseAsync(bytes, Math.Min(split, bytes.Length)).WaitAsync(TestTimeouts.OneSample);
            return whole?.GetType() == pieces?.GetType();
        }, iter: 1000);
    }

    // Well-formed responses, built from the grammar (RFC 9112's status line, RFC 9110's fields): a parser that refused
    // everything would pass the property above, not this one.
    private static readonly Gen<(int Status, List<(string Name, string Value)> Headers, byte[] Body)> ValidResponses = Gen.Select(
        Gen.Int[200, 599].Where(status => status is not (204 or 304)), // those two never have a body (RFC 9110)
        Gen.Select(
            Gen.Char["!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].Array[1, 20].Select(c => "X-" + new string(c)),
            Rfc9110.VisibleAsciiSpaceTab.Select(v => v.Trim(' ', '\t'))).List[0, 6],
        Gen.Byte.Array[0, 300]);

    [Fact]
    public async Task A_well_formed_response_parses_to_its_status_headers_and_body()
    {
        await ValidResponses.SampleAsync(async response =>
        {
            var (status, headers, body) = response;
            var head = $"HTTP/1.1 {status} Reason\r\n" + string.Concat(headers.Select(h => $"{h.Name}: {h.Value}\r\n")) + $"Content-Length: {body.Length}\r\n\r\n";
            var pipe = new Pipe();
            await pipe.Writer.WriteAsync(Encoding.Latin1.GetBytes(head).Concat(body).ToArray());
            await pipe.Writer.CompleteAsync();
            var seen = new List<string>();
            var parsed = await HttpResponseReader.ReadAsync(pipe.Reader, new HeaderRecorder(seen), Limits, CancellationToken.None);
            return parsed.StatusCode == status
                && parsed.Body.Span.SequenceEqual(body)
                && seen.SequenceEqual(headers.Select(h => $"{h.Name}={h.Value}").Append($"Content-Length={body.Length}"));
        }, iter: 1000);
    }

    // Heads made of lines around the limits below, so line-too-long, head-too-large and bad headers all come up.
    private static readonly HttpResponseLimits SmallLimits = new(40, 200, 1024);
    private static readonly Gen<byte[]> Heads = Gen.Select(
        Gen.OneOfConst("HTTP/1.1 200 OK", "HTTP/1.0 202 Accepted", "HTTP/1.1 500", "", "HTTP/2 200"),
        Gen.OneOf(
            Gen.OneOfConst("Content-Length: 5", "Transfer-Encoding: chunked", "Connection: keep-alive, close", "Bad Name: x", "X: \u0001", ":x", "no colon"),
            Gen.Select(Gen.Char['a', 'z'].Array[1, 12], Gen.Char[' ', '~'].Array[0, 45], (n, v) => $"{new string(n)}: {new string(v)}")).List[0, 8],
        Gen.OneOfConst("\r\n", "", "\r\nbody"),
        (status, headers, end) => Encoding.Latin1.GetBytes(status + "\r\n" + string.Concat(headers.Select(h => h + "\r\n")) + end));

    [Fact]
    public void A_head_split_into_segments_of_any_size_gives_the_same_verdict_as_in_one_piece()
    {
        Gen.Select(Heads, Gen.Int[1, 64]).Sample((bytes, segmentSize) =>
            Verdict(new System.Buffers.ReadOnlySequence<byte>(bytes)) == Verdict(Transport.TransportTestUtil.Segmented(bytes, segmentSize)), iter: 3000);
    }

    [Fact]
    public void A_header_is_accepted_exactly_when_its_name_is_a_token_and_its_value_has_no_control_character()
    {
        const string tchar = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        // Names and values short and long (the parser checks short fields byte by byte, long ones vectorised), with
        // anything but the line structure itself (CR, LF) and the name's end (colon).
        var fieldBytes = Gen.OneOf(Gen.Byte, Gen.Byte[0x20, 0x7E], Gen.Byte[0x20, 0x7E]).Where(b => b is not ((byte)'\r' or (byte)'\n'));
        Gen.Select(fieldBytes.Where(b => b != (byte)':').Array[1, 70], fieldBytes.Array[0, 70]).Sample((name, value) =>
        {
            var expected = name.All(b => tchar.Contains((char)b)) && !value.Any(b => (b < 0x20 && b != (byte)'\t') || b == 0x7F);
            var head = Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\n").Concat(name).Concat(": "u8.ToArray()).Concat(value)
                .Concat(Encoding.Latin1.GetBytes("\r\nContent-Length: 0\r\n\r\n")).ToArray();
            var verdict = Verdict(new System.Buffers.ReadOnlySequence<byte>(head), HttpResponseLimits.Default);
            return expected ? !Enum.TryParse<HttpRejectionReason>(verdict, out _) : verdict == nameof(HttpRejectionReason.InvalidHeaderLine);
        }, iter: 5000);
    }

    // What the parser makes of a buffer: the head it finds, "more" when it needs more bytes, or the rejection reason.
    private static string Verdict(System.Buffers.ReadOnlySequence<byte> buffer, HttpResponseLimits? limits = null)
    {
        try
        {
            if (HttpResponseHeadParser.FindEndOfHead(buffer, limits ?? SmallLimits) is not { } end)
            {
                return "more";
            }
            var headers = new List<string>();
            var head = HttpResponseHeadParser.Parse(buffer.Slice(0, end), new HeaderRecorder(headers));
            return $"{buffer.Slice(0, end).Length} {head} {string.Join('|', headers)}";
        }
        catch (MalformedHttpResponseException ex)
        {
            return ex.Reason.ToString();
        }
    }

    private sealed class HeaderRecorder(List<string> headers) : IHttpHeaderHandler
    {
        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => headers.Add(Encoding.Latin1.GetString(name) + "=" + Encoding.Latin1.GetString(value));
    }

    // Returns null when the bytes parsed, else the exception.
    private static async Task<Exception?> ParseAsync(byte[] bytes, int? splitAt = null)
    {
        var pipe = new Pipe();
        var split = splitAt ?? bytes.Length;
        await pipe.Writer.WriteAsync(bytes.AsMemory(0, split));
        var parse = HttpResponseReader.ReadAsync(pipe.Reader, null, Limits, CancellationToken.None).AsTask();
        await pipe.Writer.WriteAsync(bytes.AsMemory(split));
        await pipe.Writer.CompleteAsync();
        try
        {
            await parse;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
