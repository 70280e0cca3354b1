using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Http;

/// <summary>A whole HTTP response: the same prelude as a streamed one, prelude and body in a single chunk.</summary>
public sealed partial class HttpResultTests
{
    [Fact]
    public async Task A_text_result_is_prelude_then_body_in_exactly_one_chunk()
    {
        var invocation = await SingleInvocation.RunAsync(async (request, response, context) =>
            await response.WriteHttpResultAsync(HttpResult.Text("not here", 404).WithHeader("x-route", "none").WithCookie("seen=1")));

        Assert.Contains("\r\nContent-Type: application/vnd.awslambda.http-integration-response\r\n", invocation.Head);
        var expected = Encoding.UTF8.GetBytes(
            """{"statusCode":404,"headers":{"content-type":"text/plain; charset=utf-8","x-route":"none"},"cookies":["seen=1"]}""")
            .Concat(new byte[8]).Concat("not here"u8.ToArray()).ToArray();
        Assert.Equal(expected, invocation.Body);
        Assert.Equal([expected.Length], invocation.ChunkSizes);
        Assert.Empty(invocation.Trailers);
    }

    [Fact]
    public async Task The_typed_http_handler_reads_the_event_and_sends_a_json_result()
    {
        var handler = HandlerShapes.Http(HttpEventJsonContext.Default.FunctionUrlRequest, (request, context) =>
            Task.FromResult(HttpResult.Json(new Greeting($"{request.Method} {request.RawPath}", request.GetHeader("X-Name")), GreetingJson.Default.Greeting, 201)));

        var invocation = await SingleInvocation.RunAsync(
            handler, """{"rawPath":"/hello","headers":{"x-name":"Ada"},"requestContext":{"http":{"method":"POST"}}}""");

        var (prelude, body) = HttpResponsePreludeTests.SplitPrelude(invocation.Body);
        Assert.Equal(201, prelude.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/json", prelude.GetProperty("headers").GetProperty("content-type").GetString());
        var greeting = JsonSerializer.Deserialize(body, GreetingJson.Default.Greeting)!;
        Assert.Equal(new Greeting("POST /hello", "Ada"), greeting);
    }

    [Theory]
    [InlineData("x-evil", "a\r\nset-cookie: forged=1")]
    [InlineData("x-evil", "a\nb")]
    [InlineData("x-evil", "a\0b")]
    [InlineData("x\r\nevil", "a")]
    public async Task A_header_that_could_forge_another_is_refused_and_the_error_is_reported_before_any_byte(string name, string value)
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
            await response.WriteHttpResultAsync(HttpResult.Text("x").WithHeader(name, value)));
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-evil", "{}");

        var head = await connection.ReadHeadAsync();

        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-evil/error ", head);
        Assert.Contains("Lambda-Runtime-Function-Error-Type: Function.UnhandledException", head);
        await connection.AcceptReportAsync();
    }

    [Fact]
    public async Task A_cookie_with_a_line_break_is_refused()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
            await response.WriteHttpResultAsync(HttpResult.Text("x").WithCookie("a=1\r\nx-forged: 1")));
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-cookie", "{}");

        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-cookie/error ", await connection.ReadHeadAsync());
        await connection.AcceptReportAsync();
    }

    internal sealed record Greeting(string Route, string? Name);

    [JsonSerializable(typeof(Greeting))]
    internal sealed partial class GreetingJson : JsonSerializerContext;
}
