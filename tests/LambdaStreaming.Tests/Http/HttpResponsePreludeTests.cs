using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using CsCheck;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.InvocationLoop;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Http;

/// <summary>The HTTP-integration prelude: JSON, eight NUL bytes, then the body, on the wire to the Runtime API.</summary>
public sealed class HttpResponsePreludeTests
{
    [Fact]
    public async Task Prelude_precedes_the_body_with_the_integration_content_type()
    {
        var (head, body) = await RunAsync(async (request, response, context) =>
        {
            response.StartHttpResponse(201, [new("content-type", "text/plain"), new("x-trace", "abc")], ["session=1; HttpOnly", "theme=dark"]);
            await response.WriteAsync("created"u8.ToArray());
        });

        Assert.Contains("\r\nContent-Type: application/vnd.awslambda.http-integration-response\r\n", head);
        var (prelude, rest) = SplitPrelude(body);
        Assert.Equal(201, prelude.GetProperty("statusCode").GetInt32());
        Assert.Equal("text/plain", prelude.GetProperty("headers").GetProperty("content-type").GetString());
        Assert.Equal("abc", prelude.GetProperty("headers").GetProperty("x-trace").GetString());
        Assert.Equal(["session=1; HttpOnly", "theme=dark"], prelude.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("created", Encoding.ASCII.GetString(rest));
    }

    [Fact]
    public async Task Server_sent_events_response_carries_the_event_stream_headers()
    {
        var (_, body) = await RunAsync(async (request, response, context) =>
        {
            await using var events = response.StartServerSentEvents();
            await events.WriteAsync("first", "update", "1");
            await events.WriteAsync("second", "update", "2");
        });

        var (prelude, rest) = SplitPrelude(body);
        var headers = prelude.GetProperty("headers");
        Assert.Equal("text/event-stream; charset=utf-8", headers.GetProperty("content-type").GetString());
        Assert.Equal("no-cache", headers.GetProperty("cache-control").GetString());
        Assert.Equal("no", headers.GetProperty("x-accel-buffering").GetString());
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(new MemoryStream(rest)).EnumerateAsync())
        {
            items.Add(item);
        }
        Assert.Equal(["first", "second"], items.Select(i => i.Data));
    }

    [Theory]
    [InlineData("x-evil", "v\r\nSet-Cookie: forged=1")]
    [InlineData("x-evil", "v\nx")]
    [InlineData("x-evil", "v\0")]
    [InlineData("bad name", "v")]
    [InlineData("bad\r\nname", "v")]
    public async Task Header_that_could_change_the_response_framing_is_rejected_before_anything_is_sent(string name, string value)
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (request, response, context) =>
        {
            response.StartHttpResponse(200, [new(name, value)]);
            return Task.CompletedTask;
        });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-bad-header", "{}");
        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-bad-header/error ", head);
        var error = JsonDocument.Parse(await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head))).RootElement;
        Assert.Equal("System.ArgumentException", error.GetProperty("errorType").GetString());
        await connection.AcceptReportAsync();
    }

    [Fact]
    public void Cookie_with_a_line_break_is_rejected()
    {
        var prelude = new HttpResponsePrelude();
        prelude.Cookies.Add("a=1\r\nSet-Cookie: forged=1");
        Assert.Throws<ArgumentException>(() => HttpPreludeWriter.Validate(prelude));
    }

    [Fact]
    public void Prelude_is_valid_JSON_without_NUL_for_any_safe_header_value()
    {
        var safe = Rfc9110.VisibleAsciiSpaceTab;
        var name = Gen.String[Gen.Char['a', 'z'], 1, 20];
        Gen.Select(name, safe, safe, Gen.Int[100, 599]).Sample((headerName, headerValue, cookie, status) =>
        {
            var prelude = new HttpResponsePrelude { StatusCode = status };
            prelude.Headers[headerName] = headerValue;
            prelude.Cookies.Add(cookie);
            HttpPreludeWriter.Validate(prelude);
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            HttpPreludeWriter.Write(output, prelude);

            var bytes = output.WrittenSpan;
            Assert.True(bytes[^8..].SequenceEqual(new byte[8]));
            var json = bytes[..^8];
            Assert.Equal(-1, json.IndexOf((byte)0));
            var parsed = JsonDocument.Parse(json.ToArray()).RootElement;
            Assert.Equal(status, parsed.GetProperty("statusCode").GetInt32());
            Assert.Equal(headerValue, parsed.GetProperty("headers").GetProperty(headerName).GetString());
            Assert.Equal(cookie, parsed.GetProperty("cookies")[0].GetString());
        }, iter: 500);
    }

    [Fact]
    public void A_header_or_cookie_value_outside_visible_ASCII_space_and_tab_is_refused_before_anything_is_written()
    {
        Gen.Select(Rfc9110.Hostile, Gen.Bool).Sample((value, asCookie) =>
        {
            var prelude = new HttpResponsePrelude();
            if (asCookie)
            {
                prelude.Cookies.Add(value);
            }
            else
            {
                prelude.Headers["x-test"] = value;
            }
            var refused = Record.Exception(() => HttpPreludeWriter.Validate(prelude)) is ArgumentException;
            return refused == !Rfc9110.IsVisibleAsciiSpaceTab(value);
        }, iter: 2000);
    }

    internal static (JsonElement Prelude, byte[] Body) SplitPrelude(byte[] body)
    {
        var delimiter = body.AsSpan().IndexOf(new byte[8]);
        Assert.True(delimiter > 0, "no 8-NUL delimiter after the prelude");
        return (JsonDocument.Parse(body.AsMemory(0, delimiter)).RootElement, body[(delimiter + 8)..]);
    }

    private static async Task<(string Head, byte[] Body)> RunAsync(StreamingHandler handler)
    {
        var invocation = await SingleInvocation.RunAsync(handler);
        Assert.Empty(invocation.Trailers);
        return (invocation.Head, invocation.Body);
    }
}
