using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

public sealed class BufferedResponseTests
{
    [Fact]
    public async Task Event_and_buffered_response_make_the_round_trip()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var invoke = emulator.InvokeAsync("""{"hello":"world"}""");
        var next = await emulator.Function.NextAsync().Within();
        Assert.Equal("""{"hello":"world"}""", next.Event);

        var accepted = await emulator.Function.PostResponseAsync(next.RequestId, "hi there").Within();
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("""{"status":"OK"}""", await accepted.Content.ReadAsStringAsync());

        using var response = await invoke.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(8, response.Content.Headers.ContentLength);
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        Assert.Equal(next.RequestId, response.Headers.GetValues("X-Amzn-RequestId").Single());
        Assert.Equal("hi there", await response.Content.ReadAsStringAsync());

        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.Response, record.Outcome);
        Assert.Equal("hi there", Encoding.UTF8.GetString(record.ResponseBody.Span));
        Assert.Equal(8, record.ResponseBytes);
        Assert.Equal("text/plain; charset=utf-8", record.ContentType);
        Assert.Equal("8", record.ReportHeaders["content-length"]);
        Assert.False(record.ReportHeaders.ContainsKey("Lambda-Runtime-Function-Response-Mode"));
        Assert.Empty(record.Trailers);
        Assert.NotNull(record.TimeToFirstByte);
        Assert.True(record.TimeToFirstByte >= TimeSpan.Zero);
        Assert.True(record.Duration >= record.TimeToFirstByte);
    }

    [Fact]
    public async Task Next_carries_the_invocation_headers()
    {
        await using var emulator = await TestEmulator.StartAsync(options => options.Timeout = TimeSpan.FromSeconds(30));
        var request = new HttpRequestMessage(HttpMethod.Post, emulator.Host.InvokeUri) { Content = new StringContent("{}") };
        request.Headers.Add("X-Amz-Client-Context", Convert.ToBase64String("""{"custom":{"a":"b"}}"""u8.ToArray()));
        using var invoker = new HttpClient();
        var invoke = invoker.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var before = DateTimeOffset.UtcNow;
        var next = await emulator.Function.NextAsync().Within();

        Assert.True(Guid.TryParse(next.RequestId, out _));
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(next.Header("Lambda-Runtime-Deadline-Ms")));
        Assert.InRange(deadline, before.AddSeconds(29), DateTimeOffset.UtcNow.AddSeconds(31));
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:function", next.Header("Lambda-Runtime-Invoked-Function-Arn"));
        Assert.Matches(new Regex("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$"), next.Header("Lambda-Runtime-Trace-Id"));
        Assert.Equal("""{"custom":{"a":"b"}}""", next.Header("Lambda-Runtime-Client-Context"));
        Assert.False(next.Headers.Contains("Lambda-Runtime-Cognito-Identity"));

        await emulator.Function.PostResponseAsync(next.RequestId, "{}", "application/json").Within();
        using var response = await invoke.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_active_tracing_the_trace_header_is_sampled_and_kept_in_the_ledger()
    {
        await using var emulator = await TestEmulator.StartAsync(options => options.ActiveTracing = true);
        var invoke = emulator.InvokeAsync("{}");

        var next = await emulator.Function.NextAsync().Within();
        var header = next.Header("Lambda-Runtime-Trace-Id");
        Assert.Matches(new Regex("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$"), header);
        await emulator.Function.PostResponseAsync(next.RequestId, "{}", "application/json").Within();
        await invoke.Within();

        Assert.Equal(header, (await emulator.Host.Ledger.WaitForOutcomeAsync(next.RequestId).Within()).TraceHeader);
    }

    [Fact]
    public async Task Invoke_accepts_any_function_name_and_defaults_to_json()
    {
        await using var emulator = await TestEmulator.StartAsync();

        var invoke = emulator.InvokeAsync("1", functionName: "my-function");
        var next = await emulator.Function.NextAsync().Within();
        await emulator.Function.PostResponseAsync(next.RequestId, new ByteArrayContent("42"u8.ToArray())).Within();

        using var response = await invoke.Within();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("42", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_buffered_response_over_6_MiB_is_refused_with_413()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();

        // Declared too large; the emulator must answer from the header alone, so no body is sent.
        using var connection = await RawHttpConnection.OpenAsync(emulator.Host.RuntimeApiAddress);
        await connection.WriteAsync(
            $"POST /2018-06-01/runtime/invocation/{next.RequestId}/response HTTP/1.1\r\n" +
            $"Host: x\r\nContent-Length: {(6 * 1024 * 1024) + 1}\r\n\r\n");
        Assert.Equal("HTTP/1.1 413 Payload Too Large", await connection.ReadStatusLineAsync());

        using var response = await invoke.Within();
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Contains("Function.ResponseSizeTooLarge", await response.Content.ReadAsStringAsync());
        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.Error, record.Outcome);
        Assert.Equal("Function.ResponseSizeTooLarge", record.ErrorType);
    }
}
