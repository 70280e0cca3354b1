using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>
/// One HTTP suite, run against the same app on Kestrel and on Lambda (behind the emulator's Function URL front) with
/// the same assertions: what a user of the app could tell apart, the two hosts must not differ in. Where the platform
/// itself differs (a Function URL joins a repeated header's values with commas), the assertion says so.
/// </summary>
public abstract class AspNetCoreHttpSuite<THost>(THost host) where THost : IAspNetCoreAppHost
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseCookies = false, AutomaticDecompression = DecompressionMethods.None });

    protected THost Host { get; } = host;

    [Fact]
    public async Task Routes_and_route_values_reach_the_endpoint()
    {
        using var reply = await GetAsync("hello/world");

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("Hello, world!", await reply.Content.ReadAsStringAsync());
        Assert.StartsWith("text/plain", reply.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task The_query_string_arrives_raw_with_repeated_and_escaped_keys()
    {
        using var reply = await GetAsync("query?a=1&a=2&b=x%20y&c=%26");

        var query = await JsonAsync<Dictionary<string, string[]>>(reply);
        Assert.Equal(["1", "2"], query["a"]);
        Assert.Equal(["x y"], query["b"]);
        Assert.Equal(["&"], query["c"]);
    }

    [Fact]
    public async Task Request_headers_arrive_with_every_value()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, "headers"));
        request.Headers.Add("X-One", "1");
        request.Headers.Add("X-Multi", ["a", "b"]);
        using var reply = await SendAsync(request);

        var headers = await JsonAsync<Dictionary<string, string>>(reply);
        Assert.Equal("1", headers["x-one"]);
        Assert.Equal(["a", "b"], headers["x-multi"].Split(',').Select(v => v.Trim()));
    }

    [Fact]
    public async Task Response_headers_leave_with_every_value()
    {
        using var reply = await GetAsync("response-headers");

        Assert.Equal("only", reply.Headers.GetValues("X-Single").Single());
        // A Function URL sends a repeated header as one comma-joined line; the values are the same.
        Assert.Equal(["one", "two"], reply.Headers.GetValues("X-Multi").SelectMany(v => v.Split(',')).Select(v => v.Trim()));
    }

    [Fact]
    public async Task Cookies_arrive_from_the_Cookie_header_and_leave_as_Set_Cookie()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, "cookies"));
        request.Headers.Add("Cookie", "b=2; a=1");
        using var reply = await SendAsync(request);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, await JsonAsync<Dictionary<string, string>>(reply));
        var cookies = reply.Headers.GetValues("Set-Cookie").ToArray();
        Assert.Equal(2, cookies.Length);
        Assert.Contains(cookies, c => c.StartsWith("session=abc", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("theme=dark", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_binary_request_body_comes_back_byte_for_byte()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0xFF }).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Host.BaseAddress, "echo")) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var reply = await SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(bytes, await reply.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_binary_response_body_arrives_byte_for_byte()
    {
        using var reply = await GetAsync("binary");

        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i), await reply.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", reply.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(204)]
    [InlineData(404)]
    [InlineData(418)]
    [InlineData(503)]
    public async Task Status_codes_arrive_as_the_app_set_them(int code)
    {
        using var reply = await GetAsync($"status/{code}");

        Assert.Equal(code, (int)reply.StatusCode);
    }

    [Fact]
    public async Task An_unknown_route_is_404()
    {
        using var reply = await GetAsync("no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }

    [Fact]
    public async Task ProblemDetails_arrive_as_problem_json()
    {
        using var reply = await GetAsync("problem");

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        Assert.Equal("bad thing", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_apps_exception_handler_answers_an_exception()
    {
        using var reply = await GetAsync("throw");

        Assert.Equal(HttpStatusCode.InternalServerError, reply.StatusCode);
        using var problem = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        Assert.Equal("handled", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal("thrown by /throw", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_exception_nothing_handles_before_the_response_starts_is_an_empty_500()
    {
        using var reply = await GetAsync("raw/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, reply.StatusCode);
        Assert.Empty(await reply.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_exception_after_the_first_chunk_breaks_the_response_off()
    {
        if (!Host.Streams)
        {
            // Nothing left before the failure: a buffered front answers the function error with 502.
            using var buffered = await GetAsync("raw/fail-midway");
            Assert.Equal(HttpStatusCode.BadGateway, buffered.StatusCode);
            return;
        }

        // The connection is reset: the client may see that before or after the head it had already been sent.
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var reply = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, "raw/fail-midway")), HttpCompletionOption.ResponseHeadersRead).WithGuard();
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            await reply.Content.ReadAsStringAsync().WithGuard();
        });
        Assert.IsType<HttpRequestException>(failure, exactMatch: false);
    }

    [Fact]
    public async Task Middleware_runs_in_order_and_OnStarting_runs_before_the_headers_leave()
    {
        using var reply = await GetAsync("order");

        Assert.Equal("first,second", await reply.Content.ReadAsStringAsync());
        Assert.Equal("first-on-starting", reply.Headers.GetValues("X-Order").Single());
    }

    [Fact]
    public async Task The_request_line_and_the_caller_reach_the_app()
    {
        using var reply = await GetAsync("facts?x=1");

        using var facts = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        var root = facts.RootElement;
        Assert.Equal("GET", root.GetProperty("method").GetString());
        Assert.Equal("/facts", root.GetProperty("path").GetString());
        Assert.Equal(Host.ExpectedPathBase, root.GetProperty("pathBase").GetString());
        Assert.Equal("?x=1", root.GetProperty("queryString").GetString());
        Assert.Equal("127.0.0.1", root.GetProperty("remoteAddress").GetString());
        // On Lambda the request is the invocation: its id is the trace identifier, and the context is reachable.
        var lambdaRequestId = root.GetProperty("lambdaRequestId");
        if (Host.OnLambda)
        {
            Assert.Equal("https", root.GetProperty("scheme").GetString());
            Assert.Equal(reply.Headers.GetValues("X-Amzn-RequestId").Single(), lambdaRequestId.GetString());
            Assert.Equal(lambdaRequestId.GetString(), root.GetProperty("traceIdentifier").GetString());
        }
        else
        {
            Assert.Equal("http", root.GetProperty("scheme").GetString());
            Assert.Equal(JsonValueKind.Null, lambdaRequestId.ValueKind);
        }
    }

    [Fact]
    public async Task Server_Sent_Events_arrive_as_they_are_produced()
    {
        using var reply = await GetAsync("sse?count=3&intervalMs=400", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", reply.Content.Headers.ContentType?.MediaType);

        var arrivals = new List<(TimeSpan At, string Line)>();
        var clock = Stopwatch.StartNew();
        using var guard = new CancellationTokenSource(TestTimeouts.Guard);
        await foreach (var item in SseParser.Create(await reply.Content.ReadAsStreamAsync()).EnumerateAsync(guard.Token))
        {
            arrivals.Add((clock.Elapsed, $"{item.EventType} {item.Data}"));
        }

        Assert.Equal(["tick {\"number\":1,\"message\":\"update 1\"}", "tick {\"number\":2,\"message\":\"update 2\"}", "tick {\"number\":3,\"message\":\"update 3\"}"], arrivals.Select(a => a.Line));
        AssertSpread(arrivals.Select(a => a.At).ToList(), 800);
    }

    [Fact]
    public async Task An_IAsyncEnumerable_is_a_JSON_array_whose_elements_arrive_as_produced()
    {
        using var reply = await GetAsync("numbers?count=3&intervalMs=400", HttpCompletionOption.ResponseHeadersRead);

        var (text, arrivals) = await ReadWithArrivalsAsync(reply);
        Assert.Equal(new[] { 0, 1, 2 }, JsonSerializer.Deserialize<int[]>(text));
        AssertSpread(arrivals, 800);
    }

    [Theory]
    [InlineData("chunks", "chunk")]
    [InlineData("writer", "line")]
    public async Task Flushed_writes_arrive_one_by_one(string path, string prefix)
    {
        using var reply = await GetAsync($"{path}?count=3&intervalMs=400", HttpCompletionOption.ResponseHeadersRead);

        var (text, arrivals) = await ReadWithArrivalsAsync(reply);
        Assert.Equal($"{prefix} 0\n{prefix} 1\n{prefix} 2\n", text);
        AssertSpread(arrivals, 800);
    }

    [Fact]
    public async Task A_stream_result_arrives_whole()
    {
        using var reply = await GetAsync("stream-result");

        Assert.Equal("from a stream\n", await reply.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", reply.Content.Headers.ContentType?.MediaType);
    }

    private Task<HttpResponseMessage> GetAsync(string path, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(Host.BaseAddress, path)), completion);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            return await Http.SendAsync(request, completion).WithGuard();
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
        {
            throw new InvalidOperationException($"{request.Method} {request.RequestUri} failed; the host logged:\n{Host.Log}", ex);
        }
    }

    private async Task<T> JsonAsync<T>(HttpResponseMessage reply)
    {
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.IsSuccessStatusCode, $"{(int)reply.StatusCode}: {text}\n{Host.Log}");
        return JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web)!;
    }

    /// <summary>Reads the body as it arrives, noting when each read returned something.</summary>
    private static async Task<(string Text, List<TimeSpan> Arrivals)> ReadWithArrivalsAsync(HttpResponseMessage reply)
    {
        var body = await reply.Content.ReadAsStreamAsync();
        var clock = Stopwatch.StartNew();
        var arrivals = new List<TimeSpan>();
        var text = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(buffer).AsTask().WithGuard()) > 0)
        {
            arrivals.Add(clock.Elapsed);
            text.Write(buffer, 0, read);
        }
        return (Encoding.UTF8.GetString(text.ToArray()), arrivals);
    }

    // The parts were produced 400 ms apart: held back until the end, they would arrive within a few milliseconds.
    private void AssertSpread(List<TimeSpan> arrivals, int atLeastMilliseconds)
    {
        if (!Host.Streams)
        {
            return;
        }
        Assert.True(arrivals.Count >= 2, $"the body arrived in {arrivals.Count} read(s), not as it was produced");
        var spread = arrivals[^1] - arrivals[0];
        Assert.True(spread >= TimeSpan.FromMilliseconds(atLeastMilliseconds - 100), $"first part at {arrivals[0].TotalMilliseconds:0} ms, last at {arrivals[^1].TotalMilliseconds:0} ms: held back, not streamed");
    }
}
