using System.Net;
using System.Text;
using System.Text.Json;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>Lambda's InvokeWithResponseStream API: the body framed as eventstream messages, decoded independently.</summary>
public sealed class InvokeWithResponseStreamTests
{
    private static Task<HttpResponseMessage> InvokeStreamAsync(TestEmulator emulator, string payload) =>
        emulator.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/2021-11-15/functions/my-function/response-streaming-invocations")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        });

    [Fact]
    public async Task Each_chunk_is_a_PayloadChunk_event_as_it_arrives_then_InvokeComplete()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = InvokeStreamAsync(emulator, """{"n":1}""");
        var next = await emulator.Function.NextAsync().Within();
        Assert.Equal("""{"n":1}""", next.Event);
        var body = new PushContent("text/plain");
        var post = emulator.Function.PostResponseAsync(next.RequestId, body, streaming: true);
        body.Write("first");

        using var response = await invoke.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("$LATEST", response.Headers.GetValues("X-Amz-Executed-Version").Single());
        Assert.Equal(next.RequestId, response.Headers.GetValues("X-Amzn-RequestId").Single());
        var stream = await response.Content.ReadAsStreamAsync();

        // The second piece is not written yet: the first message can only be here if it was framed and sent alone.
        var chunk = await EventStreamDecoder.ReadAsync(stream).Within();
        Assert.Equal("PayloadChunk", chunk!.EventType);
        Assert.Equal("event", chunk.Headers[":message-type"]);
        Assert.Equal("first", chunk.PayloadText);

        body.Write("second");
        body.Complete();
        Assert.Equal("second", (await EventStreamDecoder.ReadAsync(stream).Within())!.PayloadText);
        var complete = await EventStreamDecoder.ReadAsync(stream).Within();
        Assert.Equal("InvokeComplete", complete!.EventType);
        Assert.Equal("application/json", complete.Headers[":content-type"]);
        Assert.False(JsonDocument.Parse(complete.Payload).RootElement.TryGetProperty("ErrorCode", out _));
        Assert.Null(await EventStreamDecoder.ReadAsync(stream).Within());
        await post.Within();
    }

    [Fact]
    public async Task An_error_before_any_byte_is_an_InvokeComplete_with_the_error()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = InvokeStreamAsync(emulator, "{}");
        var next = await emulator.Function.NextAsync().Within();
        await emulator.Function.PostErrorAsync(next.RequestId, "Function.Boom", """{"errorMessage":"boom","errorType":"Boom"}""").Within();

        using var response = await invoke.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = await response.Content.ReadAsStreamAsync();
        var complete = await EventStreamDecoder.ReadAsync(stream).Within();
        Assert.Equal("InvokeComplete", complete!.EventType);
        var payload = JsonDocument.Parse(complete.Payload).RootElement;
        Assert.Equal("Unhandled", payload.GetProperty("ErrorCode").GetString());
        Assert.Contains("boom", payload.GetProperty("ErrorDetails").GetString());
        Assert.Null(await EventStreamDecoder.ReadAsync(stream).Within());
    }

    [Fact]
    public async Task An_error_after_bytes_ends_the_stream_cleanly_with_the_error_instead_of_a_cut()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = InvokeStreamAsync(emulator, "{}");
        var next = await emulator.Function.NextAsync().Within();
        using var function = await RawHttpConnection.OpenAsync(emulator.Host.RuntimeApiAddress);
        await function.WriteAsync(
            $"POST /2018-06-01/runtime/invocation/{next.RequestId}/response HTTP/1.1\r\nHost: x\r\n" +
            "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n" +
            "7\r\npartial\r\n");

        using var response = await invoke.Within();
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal("partial", (await EventStreamDecoder.ReadAsync(stream).Within())!.PayloadText);
        var error = """{"errorMessage":"late","errorType":"Late"}""";
        await function.WriteAsync(
            $"0\r\nLambda-Runtime-Function-Error-Type: Function.Late\r\nLambda-Runtime-Function-Error-Body: {Convert.ToBase64String(Encoding.UTF8.GetBytes(error))}\r\n\r\n");

        var complete = await EventStreamDecoder.ReadAsync(stream).Within();
        Assert.Equal("InvokeComplete", complete!.EventType);
        Assert.Equal(error, JsonDocument.Parse(complete.Payload).RootElement.GetProperty("ErrorDetails").GetString());
        Assert.Null(await EventStreamDecoder.ReadAsync(stream).Within());
        Assert.Equal(InvocationOutcome.StreamError, (await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within()).Outcome);
    }
}
