using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LambdaStreaming.Emulator;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Telemetry;
using LambdaStreaming.Tests.Integration;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Telemetry;

/// <summary>
/// The runtime (in process) behind the emulator's Runtime API over real sockets, with an OpenTelemetry SDK exporting to
/// memory: each outcome's span and metrics, its parent, the flush before the next poll, and concurrent invocations.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed partial class InvocationTelemetryTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task A_streamed_response_is_one_server_span_with_its_streaming_figures_under_the_sampled_XRay_parent()
    {
        using var telemetry = new TelemetryCapture();
        var emulatorText = new StringWriter();
        var emulatorLog = TextWriter.Synchronized(emulatorText);
        await using var emulator = await EmulatorFixture.StartAsync(activeTracing: true, log: emulatorLog);
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            response.ContentType = "text/plain";
            // The work before the first byte: the span's time to first byte cannot be shorter.
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            await response.WriteAsync("one\n"u8.ToArray());
            await response.WriteAsync("two\n"u8.ToArray());
            await response.WriteAsync("three\n"u8.ToArray());
        });

        using var reply = await emulator.StreamAsync(Http);
        Assert.Equal("one\ntwo\nthree\n", await reply.Content.ReadAsStringAsync());
        var record = await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard();
        // The flush runs before the next poll: once the emulator sees that poll, the span and metrics are exported.
        await emulator.Ledger.WaitForNextRequestsAsync(2).WithGuard();

        var span = telemetry.SpanOf(record.RequestId);
        Assert.NotNull(span);
        Assert.Equal(ActivityKind.Server, span.Kind);
        Assert.Equal("test-function", span.DisplayName);
        Assert.Equal("http", span.GetTagItem(LambdaTelemetryNames.FaasTrigger));
        Assert.Equal(true, span.GetTagItem(LambdaTelemetryNames.FaasColdStart));
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:function", span.GetTagItem(LambdaTelemetryNames.CloudResourceId));
        Assert.Equal("000000000000", span.GetTagItem(LambdaTelemetryNames.CloudAccountId));
        Assert.Equal(LambdaTelemetryNames.OutcomeStream, span.GetTagItem(LambdaTelemetryNames.Outcome));
        Assert.Equal("streaming", span.GetTagItem(LambdaTelemetryNames.ResponseMode));
        Assert.Equal(14L, span.GetTagItem(LambdaTelemetryNames.ResponseBytes));
        Assert.Equal(3, span.GetTagItem(LambdaTelemetryNames.ResponseChunks));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Null(span.GetTagItem(LambdaTelemetryNames.ErrorType));

        // The parent is the X-Ray header the emulator sent: Root=1-{8 hex}-{24 hex};Parent={16 hex};Sampled=1.
        var header = XRayFields().Match(record.TraceHeader!);
        Assert.True(header.Success, record.TraceHeader);
        Assert.Equal(header.Groups["epoch"].Value + header.Groups["random"].Value, span.TraceId.ToHexString());
        Assert.Equal(header.Groups["parent"].Value, span.ParentSpanId.ToHexString());
        Assert.True(span.HasRemoteParent);

        // Time to first byte: after the handler's 100 ms of work (less the timer's millisecond of slack: a delay can
        // end up to a tick early), and within the emulator's own figure, which runs from its next response (before the
        // handler started) to the first byte it read.
        var firstByte = Assert.IsType<double>(span.GetTagItem(LambdaTelemetryNames.TimeToFirstByte));
        var emulatorFirstByte = EmulatorFirstByteMilliseconds(emulatorLog, emulatorText, record.RequestId) / 1000;
        Assert.InRange(firstByte, 0.095, emulatorFirstByte);
        var firstByteEvent = Assert.Single(span.Events, e => e.Name == LambdaTelemetryNames.FirstByteEvent);
        Assert.InRange(firstByteEvent.Timestamp, new DateTimeOffset(span.StartTimeUtc).AddMilliseconds(95), new DateTimeOffset(span.StartTimeUtc + span.Duration));

        Assert.Equal(1, telemetry.CounterSum(LambdaTelemetryNames.Invocations, (LambdaTelemetryNames.Outcome, LambdaTelemetryNames.OutcomeStream), (LambdaTelemetryNames.FaasTrigger, "http")));
        Assert.Equal(1, telemetry.CounterSum(LambdaTelemetryNames.SuccessfulInvocations));
        Assert.Equal(1, telemetry.CounterSum(LambdaTelemetryNames.ColdStarts));
        Assert.Equal(1, telemetry.HistogramCount(LambdaTelemetryNames.InvokeDuration));
        Assert.Equal(1, telemetry.HistogramCount(LambdaTelemetryNames.TimeToFirstByte));
        Assert.Equal(1, telemetry.HistogramCount(LambdaTelemetryNames.ResponseSize));
        Assert.Equal(1, telemetry.HistogramCount(LambdaTelemetryNames.BackpressureWait));
        Assert.Equal(1, telemetry.HistogramCount(LambdaTelemetryNames.InitDuration));
        Assert.Equal("s", telemetry.Metric(LambdaTelemetryNames.InvokeDuration)!.Unit);
        Assert.Equal("By", telemetry.Metric(LambdaTelemetryNames.ResponseSize)!.Unit);
    }

    [Fact]
    public async Task A_buffered_response_after_a_cold_start_is_not_a_cold_start_and_records_its_whole_body()
    {
        using var telemetry = new TelemetryCapture();
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress,
            HandlerShapes.Buffered((request, context) => Task.FromResult(LambdaResult.Text("whole answer", "text/plain"))));

        using (var first = await emulator.InvokeAsync(Http, "{\"a\":1}"))
        {
            await first.Content.ReadAsStringAsync();
        }
        using var reply = await emulator.InvokeAsync(Http, "{\"a\":2}");
        Assert.Equal("whole answer", await reply.Content.ReadAsStringAsync());
        await emulator.Ledger.WaitForNextRequestsAsync(3).WithGuard();

        var span = telemetry.SpanOf(reply.RequestId())!;
        Assert.Equal(false, span.GetTagItem(LambdaTelemetryNames.FaasColdStart));
        Assert.Equal("other", span.GetTagItem(LambdaTelemetryNames.FaasTrigger));
        Assert.Equal(LambdaTelemetryNames.OutcomeResponse, span.GetTagItem(LambdaTelemetryNames.Outcome));
        Assert.Equal("buffered", span.GetTagItem(LambdaTelemetryNames.ResponseMode));
        Assert.Equal(12L, span.GetTagItem(LambdaTelemetryNames.ResponseBytes));
        Assert.Equal(1, span.GetTagItem(LambdaTelemetryNames.ResponseChunks));
        // Lambda's header without active tracing says Sampled=0, and the event has no traceparent: a root.
        Assert.Equal(default, span.ParentSpanId);
        Assert.Equal(1, telemetry.CounterSum(LambdaTelemetryNames.ColdStarts));
        Assert.Equal(2, telemetry.CounterSum(LambdaTelemetryNames.Invocations, (LambdaTelemetryNames.Outcome, LambdaTelemetryNames.OutcomeResponse)));
    }

    [Fact]
    public async Task A_failure_before_any_byte_is_an_error_span_with_the_exception()
    {
        using var telemetry = new TelemetryCapture();
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, (request, response, context) =>
            throw new ArgumentException("missing field 'prompt'"));

        using var reply = await emulator.InvokeAsync(Http);
        var record = await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard();
        Assert.Equal(InvocationOutcome.Error, record.Outcome);
        await emulator.Ledger.WaitForNextRequestsAsync(2).WithGuard();

        var span = telemetry.SpanOf(record.RequestId)!;
        Assert.Equal(LambdaTelemetryNames.OutcomeError, span.GetTagItem(LambdaTelemetryNames.Outcome));
        Assert.Equal("System.ArgumentException", span.GetTagItem(LambdaTelemetryNames.ErrorType));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("missing field 'prompt'", span.StatusDescription);
        Assert.Equal(0L, span.GetTagItem(LambdaTelemetryNames.ResponseBytes));
        Assert.Null(span.GetTagItem(LambdaTelemetryNames.TimeToFirstByte));
        var exception = Assert.Single(span.Events, e => e.Name == "exception");
        Assert.Equal("System.ArgumentException", exception.Tags.Single(tag => tag.Key == "exception.type").Value);
        Assert.Equal(1, telemetry.CounterSum(LambdaTelemetryNames.Errors));
        Assert.Equal(0, telemetry.CounterSum(LambdaTelemetryNames.SuccessfulInvocations));
        Assert.Equal(0, telemetry.HistogramCount(LambdaTelemetryNames.ResponseSize));
    }

    [Fact]
    public async Task A_failure_after_bytes_left_is_an_error_trailers_span_with_what_was_sent()
    {
        using var telemetry = new TelemetryCapture();
        // The handler fails once the invoker holds the bytes: the front's abort would otherwise race their delivery.
        var bytesReadByInvoker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            await response.WriteAsync("partial\n"u8.ToArray());
            await bytesReadByInvoker.Task.WithGuard();
            throw new InvalidOperationException("the model went away");
        });

        using var reply = await emulator.StreamAsync(Http);
        await using (var body = await reply.Content.ReadAsStreamAsync())
        {
            await body.ReadExactlyAsync(new byte[8]).AsTask().WithGuard();
        }
        bytesReadByInvoker.SetResult();
        var record = await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard();
        Assert.NotEmpty(record.Trailers);
        await emulator.Ledger.WaitForNextRequestsAsync(2).WithGuard();

        var span = telemetry.SpanOf(record.RequestId)!;
        Assert.Equal(LambdaTelemetryNames.OutcomeErrorTrailers, span.GetTagItem(LambdaTelemetryNames.Outcome));
        Assert.Equal("System.InvalidOperationException", span.GetTagItem(LambdaTelemetryNames.ErrorType));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(8L, span.GetTagItem(LambdaTelemetryNames.ResponseBytes));
        Assert.Equal(1, span.GetTagItem(LambdaTelemetryNames.ResponseChunks));
        Assert.IsType<double>(span.GetTagItem(LambdaTelemetryNames.TimeToFirstByte));
        Assert.Equal(1, telemetry.CounterSum(LambdaTelemetryNames.Invocations, (LambdaTelemetryNames.Outcome, LambdaTelemetryNames.OutcomeErrorTrailers)));
        Assert.Equal(1, telemetry.CounterSum(LambdaTelemetryNames.Errors));
    }

    [Fact]
    public async Task At_the_deadline_the_span_ends_as_a_timeout_and_is_exported_while_the_handler_still_runs()
    {
        using var telemetry = new TelemetryCapture();
        var exportedAtDeadline = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlerMayReturn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? requestId = null;
        // Registered after the providers' flushes, so it runs once they have exported.
        using var probe = LambdaTelemetry.RegisterFlush(() =>
        {
            if (requestId is { } id && telemetry.SpanOf(id) is not null)
            {
                exportedAtDeadline.TrySetResult();
            }
        });
        await using var emulator = await EmulatorFixture.StartAsync(timeout: TimeSpan.FromSeconds(1));
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            requestId = context.AwsRequestId;
            await response.WriteAsync("working\n"u8.ToArray());
            // A handler that ignores its token: the span must not wait for it.
            await handlerMayReturn.Task;
        });

        using var reply = await emulator.StreamAsync(Http);
        await exportedAtDeadline.Task.WithGuard();
        var span = telemetry.SpanOf(requestId!)!;
        Assert.Equal(LambdaTelemetryNames.OutcomeTimeout, span.GetTagItem(LambdaTelemetryNames.Outcome));
        Assert.Equal("timeout", span.GetTagItem(LambdaTelemetryNames.ErrorType));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(8L, span.GetTagItem(LambdaTelemetryNames.ResponseBytes));
        Assert.Equal(1, telemetry.CounterSum(LambdaTelemetryNames.Timeouts));
        Assert.Equal(1, telemetry.CounterSum(LambdaTelemetryNames.Invocations, (LambdaTelemetryNames.Outcome, LambdaTelemetryNames.OutcomeTimeout)));

        handlerMayReturn.SetResult();
        await emulator.Ledger.WaitForOutcomeAsync(requestId!).WithGuard();
        await emulator.Ledger.WaitForNextRequestsAsync(2).WithGuard();
        // Ended once: the late end of the stream records nothing more.
        Assert.Single(telemetry.Spans, s => (string?)s.GetTagItem(LambdaTelemetryNames.FaasInvocationId) == requestId);
        Assert.Equal(0, telemetry.CounterSum(LambdaTelemetryNames.SuccessfulInvocations) + telemetry.CounterSum(LambdaTelemetryNames.Errors));
    }

    [Fact]
    public async Task Without_a_sampled_XRay_header_an_HTTP_events_traceparent_is_the_parent_and_the_handler_sees_the_span_as_current()
    {
        using var telemetry = new TelemetryCapture();
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            await response.WriteAsync(Encoding.ASCII.GetBytes(Activity.Current?.Id ?? "none"));
        });

        const string traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.HttpAddress, "traced"));
        message.Headers.Add("traceparent", traceParent);
        message.Headers.Add("tracestate", "vendor=value");
        using var reply = await Http.SendAsync(message).WithGuard();
        var currentInHandler = await reply.Content.ReadAsStringAsync();
        await emulator.Ledger.WaitForNextRequestsAsync(2).WithGuard();

        var span = telemetry.SpanOf(reply.RequestId())!;
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", span.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", span.ParentSpanId.ToHexString());
        Assert.Equal("vendor=value", span.TraceStateString);
        Assert.Equal(span.Id, currentInHandler);
    }

    [Fact]
    public async Task Parent_sources_are_configurable_and_None_makes_every_span_a_root()
    {
        using var telemetry = new TelemetryCapture();
        await using var emulator = await EmulatorFixture.StartAsync(activeTracing: true);
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress,
            (request, response, context) => response.WriteAsync("ok"u8.ToArray()).AsTask(),
            configure: options => options.TraceParentSources = TraceParentSources.None);

        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.HttpAddress, "traced"));
        message.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        using var reply = await Http.SendAsync(message).WithGuard();
        await emulator.Ledger.WaitForNextRequestsAsync(2).WithGuard();

        var span = telemetry.SpanOf(reply.RequestId())!;
        Assert.Equal(default, span.ParentSpanId);
        Assert.NotEqual("0af7651916cd43dd8448eb211c80319c", span.TraceId.ToHexString());
    }

    [Fact]
    public async Task Four_concurrent_invocations_each_see_their_own_span_as_current_and_their_own_parent()
    {
        using var telemetry = new TelemetryCapture();
        await using var emulator = await EmulatorFixture.StartAsync(maxConcurrency: 4, activeTracing: true);
        var started = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            var before = Activity.Current;
            // All four are in their handlers at once before any answers, so their flows overlap for certain.
            if (Interlocked.Increment(ref started) == 4)
            {
                allStarted.SetResult();
            }
            await allStarted.Task.WithGuard();
            var after = Activity.Current;
            var line = $"{context.AwsRequestId} {before?.SpanId.ToHexString()} {after?.SpanId.ToHexString()} {after?.GetTagItem(LambdaTelemetryNames.FaasInvocationId)}";
            await response.WriteAsync(Encoding.ASCII.GetBytes(line));
        }, environment: new Dictionary<string, string> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = "4" });

        var replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var reply = await emulator.InvokeAsync(Http);
            return await reply.Content.ReadAsStringAsync();
        })).WithGuard();
        await emulator.Ledger.WaitForNextRequestsAsync(8).WithGuard();

        var spanIds = new HashSet<string>();
        foreach (var fields in replies.Select(reply => reply.Split(' ')))
        {
            var (requestId, before, after, tagged) = (fields[0], fields[1], fields[2], fields[3]);
            var span = telemetry.SpanOf(requestId)!;
            Assert.Equal(span.SpanId.ToHexString(), before);
            Assert.Equal(before, after);
            Assert.Equal(requestId, tagged);
            var header = XRayFields().Match((await emulator.Ledger.WaitForOutcomeAsync(requestId)).TraceHeader!);
            Assert.Equal(header.Groups["parent"].Value, span.ParentSpanId.ToHexString());
            spanIds.Add(before);
        }
        Assert.Equal(4, spanIds.Count);
        Assert.Equal(1, telemetry.CounterSum(LambdaTelemetryNames.ColdStarts));
    }

    [Fact]
    public async Task A_malformed_trace_header_gives_a_root_span_a_debug_line_and_the_invocation_its_response()
    {
        using var telemetry = new TelemetryCapture();
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (request, response, context) => response.WriteAsync("fine"u8.ToArray()).AsTask(),
            environment: new Dictionary<string, string> { ["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG" });

        await using var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        // The scripted header is sampled but names no Parent: there is nothing to hang the span on.
        await connection.SendInvocationAsync("req-malformed", "{}");
        var (body, _, _) = await ReadStreamedReportAsync(connection);
        Assert.Equal("fine", Encoding.ASCII.GetString(body));
        await connection.AcceptReportAsync();

        await using var next = await server.AcceptAsync();
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next", await next.ReadHeadAsync());
        var span = telemetry.SpanOf("req-malformed")!;
        Assert.Equal(default, span.ParentSpanId);
        Assert.Contains("sampled but names no Parent", runtime.Log);
        Assert.Contains("req-malformed", runtime.Log.Split('\n').Single(line => line.Contains("names no Parent")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_listener_that_throws_costs_the_invocation_nothing_but_a_log_line(bool throwsAtStart)
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LambdaTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => { if (throwsAtStart) throw new InvalidOperationException("listener broke at start"); },
            ActivityStopped = _ => { if (!throwsAtStart) throw new InvalidOperationException("listener broke at stop"); },
        };
        ActivitySource.AddActivityListener(listener);
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, (request, response, context) => response.WriteAsync("still here"u8.ToArray()).AsTask());

        using var reply = await emulator.StreamAsync(Http);
        Assert.Equal("still here", await reply.Content.ReadAsStringAsync());
        Assert.Equal(InvocationOutcome.Response, (await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard()).Outcome);
        await emulator.Ledger.WaitForNextRequestsAsync(2).WithGuard();
        Assert.Contains(throwsAtStart ? "listener broke at start" : "listener broke at stop", runtime.Log);
    }

    [Fact]
    public async Task When_the_report_meets_a_container_error_the_span_still_ends_and_is_flushed_before_the_runtime_exits()
    {
        using var telemetry = new TelemetryCapture();
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, HandlerShapes.Buffered((_, _) => Task.FromResult(LambdaResult.Text("ok"))));

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-500", "{}");
        var head = await connection.ReadHeadAsync();
        await connection.ReadExactlyAsync(InvocationLoop.StreamingOutcomeTests.ContentLength(head));
        await connection.WriteAsync("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 35\r\n\r\n{\"errorType\":\"Runtime.ExitError\"}\r\n");

        Assert.Equal(1, await runtime.Completion.WithGuard());
        // The batch would wait an hour: the span is in the list only because the worker flushed on its way out.
        var span = telemetry.SpanOf("req-500");
        Assert.NotNull(span);
        Assert.Equal(LambdaTelemetryNames.OutcomeError, span.GetTagItem(LambdaTelemetryNames.Outcome));
    }

    private static async Task<(byte[] Data, List<int> Chunks, List<string> Trailers)> ReadStreamedReportAsync(ScriptedConnection connection)
    {
        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-malformed/response", head);
        return await connection.ReadChunkedBodyAsync();
    }

    private static double EmulatorFirstByteMilliseconds(TextWriter synchronizedLog, StringWriter log, string requestId)
    {
        string text;
        // TextWriter.Synchronized locks on itself: reading under the same lock sees whole lines.
        lock (synchronizedLog)
        {
            text = log.ToString();
        }
        var line = text.Split('\n').Single(l => l.Contains($"invocation {requestId} outcome="));
        var match = Regex.Match(line, @"ttfb_ms=(?<ms>[0-9.]+)");
        Assert.True(match.Success, line);
        return double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("^Root=1-(?<epoch>[0-9a-f]{8})-(?<random>[0-9a-f]{24});Parent=(?<parent>[0-9a-f]{16});Sampled=1$")]
    private static partial Regex XRayFields();
}
