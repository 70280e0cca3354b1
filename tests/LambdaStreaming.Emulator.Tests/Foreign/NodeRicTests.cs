using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests.Foreign;

/// <summary>
/// AWS's Node.js runtime interface client as the function, behind every path of the emulator (Invoke, both fronts,
/// InvokeWithResponseStream), with AWS's JS SDK as a second client: a runtime and a client nobody here wrote.
/// Handlers: <c>tests/NodeRic/functions/handlers.mjs</c>.
/// </summary>
public sealed class NodeRicTests
{
    // The handlers sleep 200 ms between their chunks (400 ms in all); a path that forwards live spreads them out.
    private static readonly TimeSpan LiveSpread = TimeSpan.FromMilliseconds(150);

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task StreamifyResponse_writes_stream_live_on_every_streaming_path_and_whole_through_Invoke()
    {
        await using var emulator = await StartAsync("handlers.streamThree");

        using var invoke = await InvokeAsync(emulator);
        Assert.Equal(HttpStatusCode.OK, invoke.StatusCode);
        Assert.Equal("text/plain", invoke.Content.Headers.ContentType?.MediaType);
        Assert.Equal(14, invoke.Content.Headers.ContentLength);
        Assert.False(invoke.Headers.Contains("X-Amz-Function-Error"));
        Assert.Equal("one\ntwo\nthree\n", await invoke.Content.ReadAsStringAsync());

        var (response, first, rest, spread) = await ReadFrontAsync(emulator, "/stream");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("one\ntwo\nthree\n", first + rest);
        Assert.True(spread >= LiveSpread, $"the body arrived within {spread.TotalMilliseconds} ms");

        var events = await StreamEventsAsync(emulator);
        Assert.Equal("one\ntwo\nthree\n", string.Concat(events.Where(e => e.Type == "PayloadChunk").Select(e => e.Text)));
        Assert.True(events[^1].At - events[0].At >= LiveSpread);
        Assert.Equal("InvokeComplete", events[^1].Type);
        Assert.Null(events[^1].ErrorCode);

        var sdk = await NodeRic.SdkAsync(emulator.Host.HttpAddress, "invoke");
        Assert.Equal(200, sdk.GetProperty("StatusCode").GetInt32());
        Assert.False(sdk.TryGetProperty("FunctionError", out _));
        Assert.Equal("one\ntwo\nthree\n", sdk.GetProperty("Payload").GetString());
        Assert.Equal("$LATEST", sdk.GetProperty("ExecutedVersion").GetString());

        var sdkStream = await NodeRic.SdkAsync(emulator.Host.HttpAddress, "stream");
        var chunks = sdkStream.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(["one\n", "two\n", "three\n"], chunks.Where(e => e.GetProperty("kind").GetString() == "PayloadChunk").Select(e => e.GetProperty("text").GetString()));
        Assert.True(chunks[^1].GetProperty("at").GetInt32() - chunks[0].GetProperty("at").GetInt32() >= LiveSpread.TotalMilliseconds);
        Assert.Equal("InvokeComplete", chunks[^1].GetProperty("kind").GetString());
        Assert.False(chunks[^1].TryGetProperty("ErrorCode", out _));
        Assert.Equal("text/plain", sdkStream.GetProperty("ResponseStreamContentType").GetString());

        await using var rest2 = await StartAsync("handlers.streamThree", FrontKind.RestApi);
        var (restResponse, restFirst, restRest, restSpread) = await ReadFrontAsync(rest2, "/stream");
        Assert.Equal(HttpStatusCode.OK, restResponse.StatusCode);
        Assert.Equal("one\ntwo\nthree\n", restFirst + restRest);
        Assert.True(restSpread >= LiveSpread, $"the body arrived within {restSpread.TotalMilliseconds} ms");
        await AssertEachRanOnceAsync(emulator, 5);
    }

    [Fact]
    public async Task HttpResponseStream_from_gives_status_headers_and_cookies_then_live_SSE_on_both_fronts()
    {
        foreach (var front in new[] { FrontKind.FunctionUrl, FrontKind.RestApi })
        {
            await using var emulator = await StartAsync("handlers.httpSse", front);
            var (response, first, rest, spread) = await ReadFrontAsync(emulator, "/events");

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("node-ric", response.Headers.GetValues("x-rig").Single());
            Assert.Equal(["a=1; Path=/", "b=2; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
            var items = SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(first + rest))).Enumerate().ToList();
            Assert.Equal(["event 1", "event 2", "event 3"], items.Select(item => item.Data));
            Assert.All(items, item => Assert.Equal("tick", item.EventType));
            Assert.Equal(["1", "2", "3"], items.Select(item => item.EventId));
            Assert.True(spread >= LiveSpread, $"{front}: the events arrived within {spread.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task A_streamed_prelude_reaches_Invoke_callers_as_the_raw_payload()
    {
        await using var emulator = await StartAsync("handlers.httpSse");
        using var invoke = await InvokeAsync(emulator);

        Assert.Equal("application/vnd.awslambda.http-integration-response", invoke.Content.Headers.ContentType?.MediaType);
        var payload = await invoke.Content.ReadAsByteArrayAsync();
        var delimiter = payload.AsSpan().IndexOf(new byte[8]);
        using var prelude = JsonDocument.Parse(payload.AsMemory(0, delimiter));
        Assert.Equal(201, prelude.RootElement.GetProperty("statusCode").GetInt32());
        Assert.StartsWith("id: 1\nevent: tick\ndata: event 1\n\n", Encoding.UTF8.GetString(payload, delimiter + 8, payload.Length - delimiter - 8));
    }

    [Fact]
    public async Task A_buffered_handler_answers_JSON_on_every_path()
    {
        await using var emulator = await StartAsync("handlers.bufferedJson");

        using var invoke = await InvokeAsync(emulator, """{"name":"ric"}""");
        Assert.Equal("""{"hello":"ric"}""", await invoke.Content.ReadAsStringAsync());
        Assert.Equal("application/json", invoke.Content.Headers.ContentType?.MediaType);

        var sdk = await NodeRic.SdkAsync(emulator.Host.HttpAddress, "invoke", """{"name":"sdk"}""");
        Assert.Equal("""{"hello":"sdk"}""", sdk.GetProperty("Payload").GetString());
        Assert.Equal(1, sdk.GetProperty("attempts").GetInt32());

        var events = await StreamEventsAsync(emulator, """{"name":"stream"}""");
        Assert.Equal("""{"hello":"stream"}""", string.Concat(events.Where(e => e.Type == "PayloadChunk").Select(e => e.Text)));
        Assert.Null(events[^1].ErrorCode);

        var (response, first, rest, _) = await ReadFrontAsync(emulator, "/hello");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"hello":"world"}""", first + rest);
        await AssertEachRanOnceAsync(emulator, 4);
    }

    [Fact]
    public async Task A_buffered_handler_behind_a_BUFFERED_front_is_read_as_a_JSON_body()
    {
        await using var emulator = await StartAsync("handlers.bufferedJson", FrontKind.FunctionUrl, InvokeMode.Buffered);
        using var response = await _http.GetAsync(new Uri(emulator.Host.HttpAddress, "/hello")).Within();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"hello":"world"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_streaming_handler_that_throws_before_writing_is_a_function_error_on_every_path_and_runs_once_for_the_SDK()
    {
        await using var emulator = await StartAsync("handlers.throwBeforeWrite");

        using var invoke = await InvokeAsync(emulator);
        Assert.Equal(HttpStatusCode.OK, invoke.StatusCode);
        Assert.Equal("Unhandled", invoke.Headers.GetValues("X-Amz-Function-Error").Single());
        using (var error = JsonDocument.Parse(await invoke.Content.ReadAsStringAsync()))
        {
            Assert.Equal("boom before any byte", error.RootElement.GetProperty("errorMessage").GetString());
        }

        var sdk = await NodeRic.SdkAsync(emulator.Host.HttpAddress, "invoke");
        Assert.True(sdk.GetProperty("ok").GetBoolean(), sdk.ToString());
        Assert.Equal("Unhandled", sdk.GetProperty("FunctionError").GetString());
        Assert.Equal(1, sdk.GetProperty("attempts").GetInt32());
        Assert.Contains("boom before any byte", sdk.GetProperty("Payload").GetString());

        var sdkStream = await NodeRic.SdkAsync(emulator.Host.HttpAddress, "stream");
        var complete = Assert.Single(sdkStream.GetProperty("events").EnumerateArray());
        Assert.Equal("InvokeComplete", complete.GetProperty("kind").GetString());
        Assert.Equal("Unhandled", complete.GetProperty("ErrorCode").GetString());
        Assert.Contains("boom before any byte", complete.GetProperty("ErrorDetails").GetString());

        using var front = await _http.GetAsync(new Uri(emulator.Host.HttpAddress, "/path")).Within();
        Assert.Equal(HttpStatusCode.BadGateway, front.StatusCode);
        Assert.Equal("""{"Message":"Internal Server Error"}""", await front.Content.ReadAsStringAsync());

        var records = await AssertEachRanOnceAsync(emulator, 4);
        Assert.All(records, record => Assert.Equal(InvocationOutcome.Error, record.Outcome));

        await using var rest = await StartAsync("handlers.throwBeforeWrite", FrontKind.RestApi);
        using var restFront = await _http.GetAsync(new Uri(rest.Host.HttpAddress, "/path")).Within();
        Assert.Equal(HttpStatusCode.BadGateway, restFront.StatusCode);
        Assert.Equal("""{"message": "Internal server error"}""", await restFront.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_streaming_handler_that_throws_after_a_chunk_is_a_function_error_for_Invoke_and_the_SDK_runs_it_once()
    {
        await using var emulator = await StartAsync("handlers.throwAfterChunk");

        using var invoke = await InvokeAsync(emulator);
        Assert.Equal("Unhandled", invoke.Headers.GetValues("X-Amz-Function-Error").Single());
        using (var error = JsonDocument.Parse(await invoke.Content.ReadAsStringAsync()))
        {
            Assert.Equal("boom after one chunk", error.RootElement.GetProperty("errorMessage").GetString());
        }

        var sdk = await NodeRic.SdkAsync(emulator.Host.HttpAddress, "invoke");
        Assert.True(sdk.GetProperty("ok").GetBoolean(), sdk.ToString());
        Assert.Equal("Unhandled", sdk.GetProperty("FunctionError").GetString());
        Assert.Equal(1, sdk.GetProperty("attempts").GetInt32());

        var sdkStream = await NodeRic.SdkAsync(emulator.Host.HttpAddress, "stream");
        var events = sdkStream.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal("first chunk\n", events[0].GetProperty("text").GetString());
        Assert.Equal("Unhandled", events[^1].GetProperty("ErrorCode").GetString());
        Assert.Contains("boom after one chunk", events[^1].GetProperty("ErrorDetails").GetString());
        Assert.True(events[^1].GetProperty("at").GetInt32() - events[0].GetProperty("at").GetInt32() >= LiveSpread.TotalMilliseconds);

        // A front can't take back a status that went out: the stream is cut after the chunk.
        using var front = await _http.GetAsync(new Uri(emulator.Host.HttpAddress, "/path"), HttpCompletionOption.ResponseHeadersRead).Within();
        Assert.Equal(HttpStatusCode.OK, front.StatusCode);
        var body = await front.Content.ReadAsStreamAsync();
        Assert.Equal("first chunk\n", await body.ReadTextAsync(12));
        await Assert.ThrowsAnyAsync<IOException>(() => body.ReadToEndTextAsync());

        // Whole error documents for Invoke and the SDK's Invoke; streams ended abnormally for the stream API and the front.
        var records = await AssertEachRanOnceAsync(emulator, 4);
        Assert.Equal(2, records.Count(record => record.Outcome == InvocationOutcome.Error));
        Assert.Equal(2, records.Count(record => record.Outcome == InvocationOutcome.StreamError));
    }

    [Fact]
    public async Task The_RIC_gets_its_handler_and_task_root_from_the_command_as_AWS_s_emulator_gives_them()
    {
        await using var emulator = await StartAsync("handlers.contextInfo");
        using var invoke = await InvokeAsync(emulator);
        using var context = JsonDocument.Parse(await invoke.Content.ReadAsStringAsync());

        Assert.Equal("handlers.contextInfo", context.RootElement.GetProperty("handlerEnv").GetString());
        Assert.Equal(NodeRic.Functions, context.RootElement.GetProperty("taskRoot").GetString());
        Assert.Equal(NodeRic.Functions, context.RootElement.GetProperty("cwd").GetString());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:function", context.RootElement.GetProperty("invokedFunctionArn").GetString());
        Assert.Equal(invoke.Headers.GetValues("X-Amzn-RequestId").Single(), context.RootElement.GetProperty("awsRequestId").GetString());
        Assert.StartsWith("Root=1-", context.RootElement.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task A_buffered_handler_that_throws_is_reported_through_error_as_a_function_error()
    {
        await using var emulator = await StartAsync("handlers.throwBuffered");
        using var invoke = await InvokeAsync(emulator);
        Assert.Equal("Unhandled", invoke.Headers.GetValues("X-Amz-Function-Error").Single());
        using (var error = JsonDocument.Parse(await invoke.Content.ReadAsStringAsync()))
        {
            Assert.Equal("TypeError", error.RootElement.GetProperty("errorType").GetString());
        }

        using var front = await _http.GetAsync(new Uri(emulator.Host.HttpAddress, "/path")).Within();
        Assert.Equal(HttpStatusCode.BadGateway, front.StatusCode);
        Assert.All(await AssertEachRanOnceAsync(emulator, 2), record => Assert.Equal(InvocationOutcome.Error, record.Outcome));
    }

    private static async Task<TestEmulator> StartAsync(string handler, FrontKind front = FrontKind.FunctionUrl, InvokeMode mode = InvokeMode.ResponseStream)
    {
        var emulator = await TestEmulator.StartAsync(options =>
        {
            options.FunctionCommand = NodeRic.Command(handler);
            options.TaskRoot = NodeRic.Functions;
            options.Front = front;
            options.InvokeMode = mode;
        });
        await emulator.Ledger.WaitForNextRequestsAsync(1).Within();
        return emulator;
    }

    private static async Task<HttpResponseMessage> InvokeAsync(TestEmulator emulator, string payload = "{}")
    {
        var response = await emulator.InvokeAsync(payload).Within();
        await response.Content.LoadIntoBufferAsync().Within();
        return response;
    }

    /// <summary>Reads a front's response: the first read, the rest, and the time between them on the client's clock.</summary>
    private async Task<(HttpResponseMessage Response, string First, string Remainder, TimeSpan Spread)> ReadFrontAsync(TestEmulator emulator, string path)
    {
        var response = await _http.GetAsync(new Uri(emulator.Host.HttpAddress, path), HttpCompletionOption.ResponseHeadersRead).Within();
        var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        var read = await body.ReadAsync(buffer).AsTask().Within();
        var first = Stopwatch.GetTimestamp();
        var rest = await body.ReadToEndTextAsync();
        return (response, Encoding.UTF8.GetString(buffer, 0, read), rest, Stopwatch.GetElapsedTime(first));
    }

    private async Task<List<(string Type, string Text, string? ErrorCode, TimeSpan At)>> StreamEventsAsync(TestEmulator emulator, string payload = "{}")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, emulator.Host.InvokeWithResponseStreamUri) { Content = new StringContent(payload) };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).Within();
        var stream = await response.Content.ReadAsStreamAsync();
        var started = Stopwatch.GetTimestamp();
        var events = new List<(string, string, string?, TimeSpan)>();
        while (await EventStreamDecoder.ReadAsync(stream).Within() is { } message)
        {
            string? errorCode = null;
            if (message.EventType == "InvokeComplete" && JsonDocument.Parse(message.Payload).RootElement.TryGetProperty("ErrorCode", out var code))
            {
                errorCode = code.GetString();
            }
            events.Add((message.EventType!, message.PayloadText, errorCode, Stopwatch.GetElapsedTime(started)));
        }
        return events;
    }

    /// <summary>Every call ran the function exactly once: as many invocations queued as calls made, each finished.</summary>
    private static async Task<IReadOnlyList<InvocationRecord>> AssertEachRanOnceAsync(TestEmulator emulator, int calls)
    {
        Assert.Equal(calls, emulator.Ledger.Queued.Count);
        return await emulator.Ledger.WaitForCompletedAsync(calls).Within();
    }
}
