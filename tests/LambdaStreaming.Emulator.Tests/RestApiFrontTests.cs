using System.Net;
using System.Text.Json;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>The HTTP port as API Gateway REST with <c>transferMode: STREAM</c>: payload 1.0 events.</summary>
public sealed class RestApiFrontTests
{
    [Fact]
    public async Task A_request_becomes_a_payload_1_0_event()
    {
        await using var emulator = await TestEmulator.StartAsync(options => options.Front = FrontKind.RestApi);
        // Raw, because HttpClient folds repeated header lines into one.
        using var client = await RawHttpConnection.OpenAsync(emulator.Host.HttpAddress.Authority);
        await client.WriteAsync(
            "DELETE /items/42?tag=a&tag=b&single=1 HTTP/1.1\r\nHost: x\r\nX-Multi: one\r\nX-Multi: two\r\nContent-Length: 0\r\n\r\n");

        var next = await emulator.Function.NextAsync().Within();
        var @event = JsonDocument.Parse(next.Event).RootElement;

        Assert.Equal("/{proxy+}", @event.GetProperty("resource").GetString());
        Assert.Equal("/items/42", @event.GetProperty("path").GetString());
        Assert.Equal("DELETE", @event.GetProperty("httpMethod").GetString());
        Assert.Equal("items/42", @event.GetProperty("pathParameters").GetProperty("proxy").GetString());
        Assert.Equal("b", @event.GetProperty("queryStringParameters").GetProperty("tag").GetString());
        Assert.Equal(["a", "b"], @event.GetProperty("multiValueQueryStringParameters").GetProperty("tag").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["one", "two"], @event.GetProperty("multiValueHeaders").GetProperty("X-Multi").EnumerateArray().Select(v => v.GetString()));
        var context = @event.GetProperty("requestContext");
        Assert.Equal("DELETE", context.GetProperty("httpMethod").GetString());
        Assert.Equal("/local/items/42", context.GetProperty("path").GetString());
        Assert.Equal("local", context.GetProperty("stage").GetString());
        Assert.Equal("127.0.0.1", context.GetProperty("identity").GetProperty("sourceIp").GetString());
        Assert.Equal(JsonValueKind.Null, @event.GetProperty("body").ValueKind);
        Assert.False(@event.GetProperty("isBase64Encoded").GetBoolean());

        await emulator.Function.PostResponseAsync(next.RequestId, "gone").Within();
        Assert.Equal("HTTP/1.1 200 OK", await client.ReadStatusLineAsync());
    }

    [Fact]
    public async Task A_function_error_before_any_byte_is_API_Gateways_502()
    {
        await using var emulator = await TestEmulator.StartAsync(options => options.Front = FrontKind.RestApi);
        var send = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/hello"));
        var next = await emulator.Function.NextAsync().Within();
        await emulator.Function.PostErrorAsync(next.RequestId, "Function.Boom", """{"errorMessage":"boom"}""").Within();

        using var response = await send.Within();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("""{"message": "Internal server error"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(InvocationOutcome.Error, (await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within()).Outcome);
    }

    [Fact]
    public async Task Multi_value_headers_of_the_prelude_become_repeated_headers()
    {
        await using var emulator = await TestEmulator.StartAsync(options => options.Front = FrontKind.RestApi);
        var send = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/multi"));
        var next = await emulator.Function.NextAsync().Within();
        var body = new PushContent(Prelude.ContentType);
        var post = emulator.Function.PostResponseAsync(next.RequestId, body, streaming: true);
        body.Write(Prelude.Of("""{"statusCode":200,"headers":{"content-type":"text/plain"},"multiValueHeaders":{"x-many":["1","2"]}}""") + "ok");
        body.Complete();

        using var response = await send.Within();
        Assert.Equal(["1", "2"], response.Headers.GetValues("x-many"));
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        await post.Within();
    }
}
