using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>The HTTP port as a Function URL with RESPONSE_STREAM: requests become 2.0 events, preludes become HTTP.</summary>
public sealed class FunctionUrlFrontTests
{
    [Fact]
    public async Task A_request_becomes_a_payload_2_0_event()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/some/path?a=1&a=2&b=x%20y");
        request.Headers.Add("Cookie", "c1=1; c2=two");
        request.Headers.Add("X-Custom", "value");
        request.Headers.UserAgent.ParseAdd("test-agent/1.0");
        var send = emulator.SendAsync(request);

        var next = await emulator.Function.NextAsync().Within();
        var @event = JsonDocument.Parse(next.Event).RootElement;

        Assert.Equal("2.0", @event.GetProperty("version").GetString());
        Assert.Equal("$default", @event.GetProperty("routeKey").GetString());
        Assert.Equal("/some/path", @event.GetProperty("rawPath").GetString());
        Assert.Equal("a=1&a=2&b=x%20y", @event.GetProperty("rawQueryString").GetString());
        Assert.Equal("1,2", @event.GetProperty("queryStringParameters").GetProperty("a").GetString());
        Assert.Equal("x y", @event.GetProperty("queryStringParameters").GetProperty("b").GetString());
        Assert.Equal(["c1=1", "c2=two"], @event.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        var headers = @event.GetProperty("headers");
        Assert.Equal("value", headers.GetProperty("x-custom").GetString());
        Assert.False(headers.TryGetProperty("cookie", out _), "cookies move out of the headers");
        Assert.All(headers.EnumerateObject(), h => Assert.Equal(h.Name.ToLowerInvariant(), h.Name));
        var http = @event.GetProperty("requestContext").GetProperty("http");
        Assert.Equal("GET", http.GetProperty("method").GetString());
        Assert.Equal("/some/path", http.GetProperty("path").GetString());
        Assert.Equal("HTTP/1.1", http.GetProperty("protocol").GetString());
        Assert.Equal("127.0.0.1", http.GetProperty("sourceIp").GetString());
        Assert.Equal("test-agent/1.0", http.GetProperty("userAgent").GetString());
        Assert.False(@event.GetProperty("isBase64Encoded").GetBoolean());
        Assert.False(@event.TryGetProperty("body", out _), "a request without a body has no body field");

        await emulator.Function.PostResponseAsync(next.RequestId, "done").Within();
        using var response = await send.Within();
        Assert.Equal(next.RequestId, response.Headers.GetValues("x-amzn-RequestId").Single());
    }

    [Theory]
    [InlineData("application/json", """{"a":1}""", false)]
    [InlineData("text/plain; charset=utf-8", "héllo", false)]
    [InlineData("application/octet-stream", "\u0000\u00ff binary", true)]
    [InlineData("image/png", "PNG", true)]
    public async Task A_body_is_text_or_base64_by_its_content_type(string contentType, string body, bool base64)
    {
        await using var emulator = await TestEmulator.StartAsync();
        var bytes = base64 ? Encoding.Latin1.GetBytes(body) : Encoding.UTF8.GetBytes(body);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var send = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = content });

        var next = await emulator.Function.NextAsync().Within();
        var @event = JsonDocument.Parse(next.Event).RootElement;

        Assert.Equal(base64, @event.GetProperty("isBase64Encoded").GetBoolean());
        var sent = @event.GetProperty("body").GetString()!;
        Assert.Equal(bytes, base64 ? Convert.FromBase64String(sent) : Encoding.UTF8.GetBytes(sent));
        await emulator.Function.PostResponseAsync(next.RequestId, "ok").Within();
        (await send.Within()).Dispose();
    }

    [Fact]
    public async Task The_prelude_sets_status_headers_and_cookies_and_the_body_arrives_piece_by_piece()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var send = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/stream"));
        var next = await emulator.Function.NextAsync().Within();
        var body = new PushContent(Prelude.ContentType);
        var post = emulator.Function.PostResponseAsync(next.RequestId, body, streaming: true);

        // The prelude arrives split, so the front has to look for its delimiter across chunks.
        var prelude = Prelude.Of("""{"statusCode":201,"headers":{"content-type":"text/event-stream","x-custom":"1","content-length":"999"},"cookies":["a=1; Path=/","b=2; HttpOnly"]}""");
        body.Write(prelude[..10]);
        body.Write(prelude[10..] + "data: one\n\n");

        using var response = await send.Within();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", response.Headers.GetValues("x-custom").Single());
        Assert.Equal(["a=1; Path=/", "b=2; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
        Assert.True(response.Headers.TransferEncodingChunked, "the function's content-length is the front's business, not passed on");
        var stream = await response.Content.ReadAsStreamAsync();

        // The second event does not exist yet: the first was forwarded on its own.
        Assert.Equal("data: one\n\n", await stream.ReadTextAsync(11));
        body.Write("data: two\n\n");
        body.Complete();
        Assert.Equal("data: two\n\n", await stream.ReadToEndTextAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await post.Within()).StatusCode);
        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.Response, record.Outcome);
    }

    [Fact]
    public async Task A_buffered_response_with_a_prelude_is_turned_into_HTTP_too()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var send = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/hello"));
        var next = await emulator.Function.NextAsync().Within();
        var whole = new ByteArrayContent([.. Prelude.Bytes("""{"statusCode":404,"headers":{"content-type":"application/json"}}"""), .. """{"found":false}"""u8]);
        whole.Headers.ContentType = MediaTypeHeaderValue.Parse(Prelude.ContentType);
        Assert.Equal(HttpStatusCode.Accepted, (await emulator.Function.PostResponseAsync(next.RequestId, whole).Within()).StatusCode);

        using var response = await send.Within();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"found":false}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_response_without_the_prelude_type_passes_through_with_its_content_type()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var send = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/plain"));
        var next = await emulator.Function.NextAsync().Within();
        await emulator.Function.PostResponseAsync(next.RequestId, "statusCode is not read here", "text/csv").Within();

        using var response = await send.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("statusCode is not read here", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"statusCode":"two hundred"}""")]
    [InlineData("""{"statusCode":200,"headers":{"x-evil":"a\r\nset-cookie: forged=1"}}""")]
    [InlineData("[1,2]")]
    public async Task A_malformed_prelude_is_a_bad_gateway(string preludeJson)
    {
        await using var emulator = await TestEmulator.StartAsync();
        var send = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/broken"));
        var next = await emulator.Function.NextAsync().Within();
        var body = new PushContent(Prelude.ContentType);
        var post = emulator.Function.PostResponseAsync(next.RequestId, body, streaming: true);
        body.Write(Prelude.Of(preludeJson) + "body");
        body.Complete();

        using var response = await send.Within();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("Malformed HTTP integration response", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("x-evil"));
        await post.Within();
    }

    [Fact]
    public async Task A_stream_that_ends_inside_the_prelude_is_a_bad_gateway()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var send = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/short"));
        var next = await emulator.Function.NextAsync().Within();
        var body = new PushContent(Prelude.ContentType);
        var post = emulator.Function.PostResponseAsync(next.RequestId, body, streaming: true);
        body.Write("""{"statusCode":200}""");
        body.Complete();

        using var response = await send.Within();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("8-NUL delimiter", await response.Content.ReadAsStringAsync());
        await post.Within();
    }

    [Fact]
    public async Task A_function_error_before_any_byte_is_a_502_without_the_error_details()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var send = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/fail") { Content = new StringContent("{}") });
        var next = await emulator.Function.NextAsync().Within();
        await emulator.Function.PostErrorAsync(next.RequestId, "Function.Secret", """{"errorMessage":"db password wrong","errorType":"Secret"}""").Within();

        using var response = await send.Within();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("""{"Message":"Internal Server Error"}""", text);
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.Error, record.Outcome);
        Assert.Equal("Function.Secret", record.ErrorType);
    }

    [Fact]
    public async Task A_function_error_after_bytes_cuts_the_client_off_after_what_it_already_got()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var send = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/cut"));
        var next = await emulator.Function.NextAsync().Within();
        using var function = await RawHttpConnection.OpenAsync(emulator.Host.RuntimeApiAddress);
        var prelude = Prelude.Of("""{"statusCode":200,"headers":{"content-type":"text/plain"}}""") + "partial";
        await function.WriteAsync(
            $"POST /2018-06-01/runtime/invocation/{next.RequestId}/response HTTP/1.1\r\nHost: x\r\n" +
            "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n" +
            $"Content-Type: {Prelude.ContentType}\r\n\r\n" +
            $"{Encoding.UTF8.GetByteCount(prelude):x}\r\n{prelude}\r\n");

        using var response = await send.Within();
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal("partial", await stream.ReadTextAsync(7));
        await function.WriteAsync("0\r\nLambda-Runtime-Function-Error-Type: Function.Boom\r\n\r\n");

        await Assert.ThrowsAnyAsync<IOException>(() => stream.ReadToEndTextAsync());
        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.StreamError, record.Outcome);
    }

    [Fact]
    public async Task The_Invoke_API_still_answers_beside_the_front_door()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("""{"raw":true}""");
        var next = await emulator.Function.NextAsync().Within();

        Assert.Equal("""{"raw":true}""", next.Event);
        await emulator.Function.PostResponseAsync(next.RequestId, "raw").Within();
        using var response = await invoke.Within();
        Assert.Equal("raw", await response.Content.ReadAsStringAsync());
    }
}
