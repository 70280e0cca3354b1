using System.Net;
using System.Text;
using System.Text.Json;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>
/// Lambda's synchronous Invoke API delivers the result when the payload is complete, even from a streaming function,
/// and reports every function error as <c>X-Amz-Function-Error: Unhandled</c> with the error document: an SDK that
/// saw a cut connection would retry, running the function again.
/// </summary>
public sealed class InvokeApiTests
{
    private static readonly string ErrorJson = """{"errorMessage":"boom","errorType":"Error"}""";

    [Fact]
    public async Task A_streamed_response_is_answered_whole_with_its_length_once_the_stream_ends()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();
        var body = new PushContent("text/event-stream");
        var post = emulator.Function.PostResponseAsync(next.RequestId, body, streaming: true);
        body.Write("first;");
        body.Write("second");
        body.Complete();
        Assert.Equal(HttpStatusCode.Accepted, (await post.Within()).StatusCode);

        using var response = await invoke.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(12, response.Content.Headers.ContentLength);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        Assert.Equal("first;second", await response.Content.ReadAsStringAsync());
        Assert.Equal(InvocationOutcome.Response, (await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within()).Outcome);
    }

    [Fact]
    public async Task Error_trailers_after_bytes_give_the_function_error_not_a_cut_connection()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();

        using var function = await RawHttpConnection.OpenAsync(emulator.Host.RuntimeApiAddress);
        await function.WriteAsync(StreamedReport(next.RequestId, "6\r\nhello \r\n") + ErrorTrailers("Function.Boom", ErrorJson));
        Assert.Equal("HTTP/1.1 202 Accepted", await function.ReadStatusLineAsync());

        using var response = await invoke.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetByteCount(ErrorJson), response.Content.Headers.ContentLength);
        Assert.Equal(ErrorJson, await response.Content.ReadAsStringAsync());
        // The invoker got the error whole: an Error, as for /error, though bytes had come from the function.
        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.Error, record.Outcome);
        Assert.Equal(6, record.ResponseBytes);
    }

    [Fact]
    public async Task A_stream_over_6_MiB_gives_Function_ResponseSizeTooLarge_to_the_invoker_and_413_to_the_function()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();
        var body = new PushContent("application/octet-stream");
        var post = emulator.Function.PostResponseAsync(next.RequestId, body, streaming: true);
        var megabyte = new string('x', 1024 * 1024);
        for (var i = 0; i < 7; i++)
        {
            body.Write(megabyte);
        }
        body.Complete();

        using var response = await invoke.Within();
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Function.ResponseSizeTooLarge", error.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("6291456 bytes", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await post.Within()).StatusCode);
    }

    /// <summary>
    /// The Node RIC fails a streaming handler that throws before writing by sending the stream's head, no body and
    /// the error trailers. Every invoker must see that exactly as it sees an <c>/error</c> report.
    /// </summary>
    [Theory]
    [InlineData("invoke")]
    [InlineData("stream")]
    [InlineData("function-url")]
    [InlineData("rest-api")]
    public async Task An_empty_stream_ending_in_error_trailers_is_reported_like_an_error(string path)
    {
        await using var emulator = await TestEmulator.StartAsync(options =>
            options.Front = path == "rest-api" ? Front.FrontKind.RestApi : Front.FrontKind.FunctionUrl);
        var invoke = path switch
        {
            "invoke" => emulator.InvokeAsync("{}"),
            "stream" => emulator.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/2021-11-15/functions/function/response-streaming-invocations") { Content = new StringContent("{}") }),
            _ => emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/path")),
        };
        var next = await emulator.Function.NextAsync().Within();

        using var function = await RawHttpConnection.OpenAsync(emulator.Host.RuntimeApiAddress);
        await function.WriteAsync(StreamedReport(next.RequestId, "") + ErrorTrailers("Error", ErrorJson));
        Assert.Equal("HTTP/1.1 202 Accepted", await function.ReadStatusLineAsync());

        using var response = await invoke.Within();
        var body = await response.Content.ReadAsByteArrayAsync().Within();
        switch (path)
        {
            case "invoke":
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
                Assert.Equal(ErrorJson, Encoding.UTF8.GetString(body));
                break;
            case "stream":
                using (var stream = new MemoryStream(body))
                {
                    var complete = await EventStreamDecoder.ReadAsync(stream).Within();
                    Assert.Equal("InvokeComplete", complete!.EventType);
                    var payload = JsonDocument.Parse(complete.Payload).RootElement;
                    Assert.Equal("Unhandled", payload.GetProperty("ErrorCode").GetString());
                    Assert.Equal(ErrorJson, payload.GetProperty("ErrorDetails").GetString());
                    Assert.Null(await EventStreamDecoder.ReadAsync(stream).Within());
                }
                break;
            case "function-url":
                Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
                Assert.Equal("""{"Message":"Internal Server Error"}""", Encoding.UTF8.GetString(body));
                break;
            default:
                Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
                Assert.Equal("""{"message": "Internal server error"}""", Encoding.UTF8.GetString(body));
                break;
        }

        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.Error, record.Outcome);
        Assert.Equal("Error", record.ErrorType);
        Assert.Null(record.FirstByteTimestamp);
    }

    [Theory]
    [InlineData("2015-03-31/functions/function/invocations")]
    [InlineData("2021-11-15/functions/function/response-streaming-invocations")]
    public async Task The_tenant_id_of_the_request_reaches_the_runtime(string path)
    {
        await using var emulator = await TestEmulator.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}") };
        request.Headers.Add("X-Amz-Tenant-Id", "tenant-42");
        var invoke = emulator.SendAsync(request);
        var next = await emulator.Function.NextAsync().Within();
        await emulator.Function.PostResponseAsync(next.RequestId, "ok").Within();
        using var response = await invoke.Within();

        Assert.Equal("tenant-42", next.Header("Lambda-Runtime-Aws-Tenant-Id"));
    }

    [Fact]
    public async Task Without_a_tenant_id_next_has_no_tenant_header()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();
        await emulator.Function.PostResponseAsync(next.RequestId, "ok").Within();
        using var response = await invoke.Within();

        Assert.False(next.Headers.Contains("Lambda-Runtime-Aws-Tenant-Id"));
    }

    private static string StreamedReport(string requestId, string chunks) =>
        $"POST /2018-06-01/runtime/invocation/{requestId}/response HTTP/1.1\r\nHost: x\r\n" +
        "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n" +
        "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n" + chunks;

    private static string ErrorTrailers(string errorType, string errorJson) =>
        $"0\r\nLambda-Runtime-Function-Error-Type: {errorType}\r\n" +
        $"Lambda-Runtime-Function-Error-Body: {Convert.ToBase64String(Encoding.UTF8.GetBytes(errorJson))}\r\n\r\n";
}
