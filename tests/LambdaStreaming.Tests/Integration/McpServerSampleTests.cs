using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using LambdaStreaming.Emulator;
using LambdaStreaming.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// <c>samples/McpServer</c> (the MCP C# SDK's Streamable HTTP server, stateless, on the ASP.NET Core host) as a real
/// process behind the emulator's Function URL front, driven by the SDK's own client.
/// </summary>
public sealed class McpServerSampleTests(McpServerSampleTests.Function function) : IClassFixture<McpServerSampleTests.Function>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task The_client_lists_both_tools_and_add_answers_at_once_with_structured_content()
    {
        var wire = new WireRecorder();
        await using var client = await function.ConnectAsync(wire);

        var tools = await client.ListToolsAsync().AsTask().WithGuard();
        Assert.Equal(["add", "count_to"], tools.Select(t => t.Name).Order());
        var countTo = tools.Single(t => t.Name == "count_to").ProtocolTool.InputSchema.GetProperty("properties");
        Assert.Equal("integer", countTo.GetProperty("n").GetProperty("type").GetString());

        var result = await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 }).AsTask().WithGuard();

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(42, result.StructuredContent!.Value.GetProperty("result").GetInt32());
        // Stateless: no session is handed out, so any execution environment can answer the next request.
        Assert.All(wire.Responses, r => Assert.False(r.Headers.Contains("Mcp-Session-Id"), "a stateless server handed out an Mcp-Session-Id"));
    }

    /// <summary>
    /// The client's default (null) is the 2026-07-28 revision (<c>server/discover</c>, no handshake); pinned to
    /// 2025-11-25 it sends <c>initialize</c>, then opens the standalone GET stream, which a stateless server refuses (405).
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("2025-11-25")]
    public async Task Count_to_streams_its_progress_notifications_before_its_result(string? protocolVersion)
    {
        const int Steps = 5;
        const int IntervalMs = 100;
        var wire = new WireRecorder();
        await using var client = await function.ConnectAsync(wire, protocolVersion);
        // A handler for the session, not CallToolAsync's IProgress overload: that one unregisters its handler as soon
        // as the result is in, and the client handles each message on a task of its own, so a notification that
        // arrived just before the result can be dropped (seen with the last of five, 0.1 ms ahead of the result).
        var token = new ProgressToken(Guid.NewGuid().ToString("N"));
        var reported = new RecordingProgress(Steps);
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            if (JsonSerializer.Deserialize<ProgressNotificationParams>(notification.Params, McpJsonUtilities.DefaultOptions) is { } progress && progress.ProgressToken == token)
            {
                reported.Report(progress.Progress);
            }
            return default;
        });

        var result = await client.CallToolAsync(new CallToolRequestParams
        {
            Name = "count_to",
            Arguments = new Dictionary<string, JsonElement> { ["n"] = JsonSerializer.SerializeToElement(Steps), ["intervalMs"] = JsonSerializer.SerializeToElement(IntervalMs) },
            Meta = new() { ["progressToken"] = token.ToString() },
        }).AsTask().WithGuard();

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("Counted to 5.", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);

        // On the wire, in the order the bytes reached the client: five notifications, then the result, in one stream.
        var call = wire.Messages.Where(m => m.Request == RequestMethods.ToolsCall).ToList();
        Assert.Equal([.. Enumerable.Repeat("notifications/progress", Steps), "result"], call.Select(m => m.Method ?? (m.IsResultOrError ? "result" : "?")));
        Assert.Equal([1, 2, 3, 4, 5], call.Take(Steps).Select(m => m.Params.GetProperty("progress").GetInt32()));
        Assert.All(call.Take(Steps), m => Assert.Equal(token.ToString(), m.Params.GetProperty("progressToken").GetString()));
        Assert.All(call.Take(Steps), m => Assert.Equal(Steps, m.Params.GetProperty("total").GetInt32()));
        // Streamed, not buffered: the first notification was in the client's hands while the function still worked,
        // by about four steps (a buffered answer arrives whole, just before the invocation ends). One step is the bar.
        var invocation = await function.Emulator.Ledger.WaitForOutcomeAsync(call[0].RequestId!).WithGuard();
        var ahead = Stopwatch.GetElapsedTime(call[0].Timestamp, invocation.EndTimestamp);
        Assert.True(ahead >= TimeSpan.FromMilliseconds(IntervalMs), $"the first progress notification arrived only {ahead.TotalMilliseconds:F0} ms before the invocation ended");

        // And through the client's handler, each value once: the client handles every message on a task of its own,
        // so the callbacks may run after CallToolAsync returned and in any order: wait for them, compare as a set.
        var values = await reported.All.WithGuard();
        Assert.Equal([1, 2, 3, 4, 5], values.Select(v => (int)v.Progress).Order());
        Assert.All(values, v => Assert.Equal(Steps, v.Total));
        Assert.All(wire.Responses, r => Assert.False(r.Headers.Contains("Mcp-Session-Id"), "a stateless server handed out an Mcp-Session-Id"));
    }

    public static TheoryData<string, int, string> MalformedMessages => new()
    {
        { "this is not json", (int)McpErrorCode.ParseError, "Parse error" },
        { "", (int)McpErrorCode.ParseError, "Parse error" },
        { """{"jsonrpc":"2.0","id":1,"method":"tools/list"} trailing""", (int)McpErrorCode.ParseError, "Parse error" },
        { """{"id":1,"params":{}}""", (int)McpErrorCode.InvalidRequest, "not contain a valid JSON-RPC message" },
        { """{"jsonrpc":"2.0","id":1}""", (int)McpErrorCode.InvalidRequest, "not contain a valid JSON-RPC message" },
        { """{"jsonrpc":"1.0","id":1,"method":"tools/list"}""", (int)McpErrorCode.InvalidRequest, "Invalid jsonrpc version" },
        { "[1, 2]", (int)McpErrorCode.InvalidRequest, "not contain a valid JSON-RPC message" },
    };

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public async Task A_malformed_message_gets_a_JSON_RPC_error_with_a_400_not_a_500(string body, int code, string message)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("2.0", error.GetProperty("jsonrpc").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("id").ValueKind);
        Assert.Equal(code, error.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains(message, error.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_method_gets_method_not_found_in_the_event_stream()
    {
        using var response = await PostAsync("""{"jsonrpc":"2.0","id":7,"method":"no/such"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await SseClient.ReadAllAsync(await response.Content.ReadAsStreamAsync()).WithGuard();
        var error = JsonDocument.Parse(Assert.Single(events).Item.Data).RootElement;
        Assert.Equal(7, error.GetProperty("id").GetInt32());
        Assert.Equal((int)McpErrorCode.MethodNotFound, error.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Stateless_the_endpoint_takes_POST_only(string method)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), function.Emulator.HttpAddress);
        request.Headers.Add("Accept", "text/event-stream");

        using var response = await Http.SendAsync(request).WithGuard();

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, function.Emulator.HttpAddress) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WithGuard();
    }

    /// <summary>The sample's JIT build behind one emulator, for the class's tests (which xunit runs one at a time).</summary>
    public sealed class Function : IAsyncLifetime
    {
        private EmulatorHost? _emulator;

        public EmulatorHost Emulator => _emulator ?? throw new InvalidOperationException("not started");

        public async Task InitializeAsync() => _emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("McpServer"));

        public async Task DisposeAsync()
        {
            if (_emulator is not null)
            {
                await _emulator.DisposeAsync();
            }
        }

        /// <summary>The SDK's client, as a user writes it, over an HttpClient that records what reaches it.</summary>
        public async Task<McpClient> ConnectAsync(WireRecorder wire, string? protocolVersion = null)
        {
            var transport = new HttpClientTransport(
                new HttpClientTransportOptions { Endpoint = Emulator.HttpAddress, TransportMode = HttpTransportMode.StreamableHttp },
                new HttpClient(wire),
                loggerFactory: null,
                ownsHttpClient: true);
            return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }).WithGuard();
        }
    }

    /// <summary>One JSON-RPC message from the server, as its bytes reached the client.</summary>
    /// <param name="Request">The method of the POST it answers (the client names it in an <c>Mcp-Method</c> header).</param>
    /// <param name="RequestId">The Lambda request id of the invocation that answered.</param>
    /// <param name="Timestamp"><see cref="Stopwatch.GetTimestamp"/> when its line was read, as the emulator's ledger stamps.</param>
    public sealed record WireMessage(string? Request, string? RequestId, long Timestamp, string? Method, bool IsResultOrError, JsonElement Params);

    /// <summary>
    /// Sits below the SDK's client and records each JSON-RPC message of each event stream the moment its <c>data:</c>
    /// line is read. The SDK's client hands each message to a task of its own, so the order its callbacks run in is
    /// not the order of arrival; this is.
    /// </summary>
    public sealed class WireRecorder : DelegatingHandler
    {
        public WireRecorder() : base(new HttpClientHandler())
        {
        }

        private readonly ConcurrentQueue<WireMessage> _messages = new();
        private readonly ConcurrentQueue<HttpResponseMessage> _responses = new();

        public IReadOnlyList<WireMessage> Messages => [.. _messages];

        public IReadOnlyList<HttpResponseMessage> Responses => [.. _responses];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            _responses.Enqueue(response);
            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                return response;
            }

            var method = request.Headers.TryGetValues("Mcp-Method", out var methods) ? methods.Single() : null;
            var requestId = response.Headers.TryGetValues("X-Amzn-RequestId", out var ids) ? ids.Single() : null;
            var recorded = new StreamContent(new LineTap(await response.Content.ReadAsStreamAsync(cancellationToken), line => Record(method, requestId, line)));
            foreach (var header in response.Content.Headers)
            {
                recorded.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            response.Content = recorded;
            return response;
        }

        private void Record(string? request, string? requestId, string line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                return;
            }

            var timestamp = Stopwatch.GetTimestamp();
            var message = JsonDocument.Parse(line["data:".Length..]).RootElement.Clone();
            _messages.Enqueue(new WireMessage(
                request,
                requestId,
                timestamp,
                message.TryGetProperty("method", out var method) ? method.GetString() : null,
                message.TryGetProperty("result", out _) || message.TryGetProperty("error", out _),
                message.TryGetProperty("params", out var parameters) ? parameters : default));
        }
    }

    /// <summary>A read-through stream that hands each complete line to <paramref name="onLine"/> as it passes.</summary>
    private sealed class LineTap(Stream inner, Action<string> onLine) : Stream
    {
        private readonly MemoryStream _line = new();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Tap(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            Tap(buffer.AsSpan(offset, read));
            return read;
        }

        private void Tap(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                if (b == (byte)'\n')
                {
                    onLine(Encoding.UTF8.GetString(_line.GetBuffer(), 0, (int)_line.Length).TrimEnd('\r'));
                    _line.SetLength(0);
                }
                else
                {
                    _line.WriteByte(b);
                }
            }
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>Records each progress value the client handed over; completes once it has them all.</summary>
    private sealed class RecordingProgress(int expected) : IProgress<ProgressNotificationValue>
    {
        private readonly ConcurrentQueue<ProgressNotificationValue> _values = new();
        private readonly TaskCompletionSource<IReadOnlyList<ProgressNotificationValue>> _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IReadOnlyList<ProgressNotificationValue>> All => _all.Task;

        public void Report(ProgressNotificationValue value)
        {
            _values.Enqueue(value);
            if (_values.Count >= expected)
            {
                _all.TrySetResult([.. _values]);
            }
        }
    }
}
