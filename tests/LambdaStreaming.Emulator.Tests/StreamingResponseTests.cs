using System.Net;
using System.Text;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>
/// A streamed response reaches the invoker piece by piece, through the Function URL front (which passes a response
/// without the HTTP prelude through with its content type); the Invoke API buffers (<see cref="InvokeApiTests"/>).
/// </summary>
public sealed class StreamingResponseTests
{
    [Fact]
    public async Task The_invoker_reads_each_piece_before_the_function_writes_the_next()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/stream"));
        var next = await emulator.Function.NextAsync().Within();

        var body = new PushContent("text/event-stream");
        var post = emulator.Function.PostResponseAsync(next.RequestId, body, streaming: true);
        body.Write("first;");

        using var response = await invoke.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.TransferEncodingChunked);
        var stream = await response.Content.ReadAsStreamAsync();

        // The second piece does not exist yet: this read can only succeed if the first was forwarded on its own.
        Assert.Equal("first;", await stream.ReadTextAsync(6));
        body.Write("second");
        body.Complete();
        Assert.Equal("second", await stream.ReadToEndTextAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await post.Within()).StatusCode);

        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.Response, record.Outcome);
        Assert.Equal("first;second", Encoding.UTF8.GetString(record.ResponseBody.Span));
        Assert.Equal("streaming", record.ReportHeaders["Lambda-Runtime-Function-Response-Mode"]);
        Assert.Equal("chunked", record.ReportHeaders["Transfer-Encoding"]);
        Assert.Equal("text/event-stream", record.ContentType);
        Assert.True(record.FirstByteTimestamp < record.EndTimestamp);
    }

    [Fact]
    public async Task Error_trailers_abort_the_invoker_and_record_a_stream_error()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/stream"));
        var next = await emulator.Function.NextAsync().Within();

        using var function = await RawHttpConnection.OpenAsync(emulator.Host.RuntimeApiAddress);
        await function.WriteAsync(
            $"POST /2018-06-01/runtime/invocation/{next.RequestId}/response HTTP/1.1\r\n" +
            "Host: x\r\n" +
            "Lambda-Runtime-Function-Response-Mode: streaming\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "Content-Type: text/plain\r\n" +
            "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n" +
            "\r\n" +
            "6\r\nhello \r\n");

        using var response = await invoke.Within();
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal("hello ", await stream.ReadTextAsync(6));

        const string errorJson = """{"errorMessage":"boom","errorType":"InvalidOperationException"}""";
        await function.WriteAsync(
            "0\r\n" +
            "Lambda-Runtime-Function-Error-Type: Function.Boom\r\n" +
            $"Lambda-Runtime-Function-Error-Body: {Convert.ToBase64String(Encoding.UTF8.GetBytes(errorJson))}\r\n" +
            "\r\n");
        Assert.Equal("HTTP/1.1 202 Accepted", await function.ReadStatusLineAsync());

        await Assert.ThrowsAnyAsync<IOException>(() => stream.ReadToEndTextAsync());

        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.StreamError, record.Outcome);
        Assert.Equal("Function.Boom", record.ErrorType);
        Assert.Equal(errorJson, record.ErrorBody);
        Assert.Equal("Function.Boom", record.Trailers["lambda-runtime-function-error-type"]);
        Assert.Equal("Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body", record.ReportHeaders["Trailer"]);
        Assert.Equal(6, record.ResponseBytes);
    }
}
