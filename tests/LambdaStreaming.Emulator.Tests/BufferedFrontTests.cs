using System.Net;
using System.Text;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>
/// <c>--invoke-mode BUFFERED</c>: the front waits for the whole result and reads it as its payload format's response
/// document, as a BUFFERED Function URL (2.0) or a non-streaming REST proxy integration (1.0) does.
/// </summary>
public sealed class BufferedFrontTests
{
    private static async Task<(HttpResponseMessage Response, string Body)> RespondAsync(FrontKind front, string result, string contentType = "application/json")
    {
        await using var emulator = await TestEmulator.StartAsync(options =>
        {
            options.Front = front;
            options.InvokeMode = InvokeMode.Buffered;
        });
        var request = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/hello?x=1"));
        var next = await emulator.Function.NextAsync().Within();
        Assert.Equal(HttpStatusCode.Accepted, (await emulator.Function.PostResponseAsync(next.RequestId, result, contentType).Within()).StatusCode);
        var response = await request.Within();
        var body = await response.Content.ReadAsStringAsync().Within();
        Assert.Equal(InvocationOutcome.Response, (await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within()).Outcome);
        return (response, body);
    }

    [Fact]
    public async Task A_2_0_response_document_gives_status_headers_cookies_and_body()
    {
        var (response, body) = await RespondAsync(FrontKind.FunctionUrl, """
            {"statusCode":201,"headers":{"content-type":"text/plain","x-one":"1"},"cookies":["a=1; Path=/","b=2"],"body":"created","isBase64Encoded":false}
            """);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", response.Headers.GetValues("x-one").Single());
        Assert.Equal(["a=1; Path=/", "b=2"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal(7, response.Content.Headers.ContentLength);
        Assert.Equal("created", body);
    }

    [Fact]
    public async Task A_base64_body_is_decoded()
    {
        var (response, body) = await RespondAsync(FrontKind.FunctionUrl,
            $$"""{"statusCode":200,"headers":{"content-type":"application/octet-stream"},"body":"{{Convert.ToBase64String("bin\u0001ary"u8.ToArray())}}","isBase64Encoded":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bin\u0001ary", body);
    }

    [Theory]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("\"just a string\"")]
    public async Task Payload_2_0_takes_JSON_without_a_statusCode_as_a_200_application_json_body(string result)
    {
        var (response, body) = await RespondAsync(FrontKind.FunctionUrl, result);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(result, body);
    }

    [Fact]
    public async Task A_1_0_response_document_merges_multi_value_headers()
    {
        var (response, body) = await RespondAsync(FrontKind.RestApi, """
            {"statusCode":404,"headers":{"Content-Type":"application/json"},"multiValueHeaders":{"X-Many":["a","b"]},"body":"{\"error\":\"nope\"}"}
            """);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(["a", "b"], response.Headers.GetValues("X-Many"));
        Assert.Equal("""{"error":"nope"}""", body);
    }

    [Theory]
    [InlineData("rest-api", """{"hello":"world"}""")] // payload 1.0 needs a statusCode
    [InlineData("function-url", "not json")]
    [InlineData("rest-api", "not json")]
    [InlineData("function-url", """{"statusCode":200,"body":"%%%","isBase64Encoded":true}""")]
    public async Task A_result_the_front_cannot_read_is_a_502(string front, string result)
    {
        var (response, body) = await RespondAsync(front == "rest-api" ? FrontKind.RestApi : FrontKind.FunctionUrl, result);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith("{\"message\":\"Malformed Lambda", body);
    }

    [Fact]
    public async Task A_streaming_function_behind_a_buffered_front_is_read_whole()
    {
        await using var emulator = await TestEmulator.StartAsync(options => options.InvokeMode = InvokeMode.Buffered);
        var request = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/"));
        var next = await emulator.Function.NextAsync().Within();
        var body = new PushContent("application/json");
        var post = emulator.Function.PostResponseAsync(next.RequestId, body, streaming: true);
        body.Write("""{"statusCode":202,""");
        body.Write(""" "body":"streamed"}""");
        body.Complete();
        await post.Within();

        using var response = await request.Within();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(8, response.Content.Headers.ContentLength);
        Assert.Equal("streamed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_function_error_is_a_502_with_the_front_s_body()
    {
        await using var emulator = await TestEmulator.StartAsync(options => options.InvokeMode = InvokeMode.Buffered);
        var request = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/"));
        var next = await emulator.Function.NextAsync().Within();
        await emulator.Function.PostErrorAsync(next.RequestId, "Function.Boom", """{"errorMessage":"boom"}""").Within();

        using var response = await request.Within();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("""{"Message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
    }
}
