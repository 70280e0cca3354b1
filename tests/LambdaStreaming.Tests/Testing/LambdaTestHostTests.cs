using System.Text;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;
using LambdaStreaming.Testing;
using LambdaStreaming.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LambdaStreaming.Tests.Testing;

/// <summary>
/// LambdaStreaming.Testing: every handler shape invoked in memory, and what it records of the response: the bytes of
/// each flush and when, the unflushed end, the prelude, the error trailers or report, the log lines.
/// </summary>
public sealed class LambdaTestHostTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_streamed_response_is_recorded_flush_by_flush_with_the_time_of_each()
    {
        var context = new TestLambdaContext(_time);

        var record = await LambdaTestHost.InvokeAsync(async (request, response, lambda) =>
        {
            response.ContentType = "text/plain";
            await response.WriteAsync("first "u8.ToArray());
            _time.Advance(TimeSpan.FromSeconds(2));
            await response.WriteAsync("second"u8.ToArray());
            // Written, not flushed: it leaves with the end of the stream, as the runtime's terminating chunk sends it.
            "!"u8.CopyTo(response.GetSpan(1));
            response.Advance(1);
        }, "{}", context);

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal("text/plain", record.ContentType);
        Assert.Equal(["first ", "second", "!"], record.Chunks.Select(chunk => Encoding.UTF8.GetString(chunk.Bytes.Span)));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)], record.Chunks.Select(chunk => chunk.At));
        Assert.Equal("first second!", record.BodyText);
        Assert.Null(record.Prelude);
        Assert.Null(record.Error);
    }

    [Fact]
    public async Task Server_sent_events_come_back_with_their_prelude_and_parsed_by_SseParser()
    {
        var record = await LambdaTestHost.InvokeAsync(async (request, response, lambda) =>
        {
            await using var events = response.StartServerSentEvents();
            await events.WriteAsync("one", eventType: "tick", id: "1");
            await events.WriteAsync("two", eventType: "tick", id: "2");
        }, """{"rawPath":"/ticks"}""");

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal(HttpResponsePrelude.ContentType, record.ContentType);
        Assert.Equal(200, record.Prelude!.StatusCode);
        Assert.Equal("text/event-stream; charset=utf-8", record.Prelude.Headers["content-type"]);
        Assert.Equal(["tick 1 one", "tick 2 two"], record.ServerSentEvents().Select(item => $"{item.EventType} {item.EventId} {item.Data}"));
        Assert.DoesNotContain("statusCode", record.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_after_bytes_is_recorded_as_the_error_trailers_and_the_line_the_runtime_logs()
    {
        var record = await LambdaTestHost.InvokeAsync(async (request, response, lambda) =>
        {
            await response.WriteAsync("partial"u8.ToArray());
            throw new InvalidOperationException("the model went away");
        }, "{}");

        Assert.Equal(ResponseOutcome.StreamWithErrorTrailers, record.Outcome);
        Assert.Equal("partial", record.BodyText);
        Assert.Equal(ErrorReport.UnhandledExceptionType, record.Error!.ErrorType);
        Assert.Equal("the model went away", record.ErrorMessage);
        Assert.Contains(record.Logs, line => line.Level == LogLevel.Error && line.Message.Contains("the model went away", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failure_before_any_byte_is_an_error_report_and_no_response()
    {
        var record = await LambdaTestHost.InvokeAsync((request, response, lambda) =>
        {
            response.GetSpan(16); // asked for memory, then failed: nothing reaches Lambda but the error
            throw new FormatException("bad event");
        }, "{}");

        Assert.Equal(ResponseOutcome.Error, record.Outcome);
        Assert.Null(record.ContentType);
        Assert.Empty(record.Chunks);
        Assert.Equal("bad event", record.ErrorMessage);
    }

    [Fact]
    public async Task A_buffered_handler_is_one_whole_response()
    {
        var record = await LambdaTestHost.InvokeAsync((request, lambda) => Task.FromResult(LambdaResult.Text("{\"ok\":true}", "application/json")), "{}");

        Assert.Equal(ResponseOutcome.Response, record.Outcome);
        Assert.Equal("application/json", record.ContentType);
        Assert.Equal("{\"ok\":true}", Assert.Single(record.Chunks) is var chunk ? Encoding.UTF8.GetString(chunk.Bytes.Span) : null);
    }

    [Fact]
    public async Task A_typed_buffered_handler_gets_its_event_through_JSON_and_answers_JSON()
    {
        var json = TestingJsonContext.Default.Greeting;

        var record = await LambdaTestHost.InvokeAsync(json, json, (greeting, lambda) => Task.FromResult(new Greeting($"hello {greeting.Name}")), new Greeting("ada"));

        Assert.Equal(ResponseOutcome.Response, record.Outcome);
        Assert.Equal("{\"name\":\"hello ada\"}", record.BodyText);
        Assert.Equal(new Greeting("hello ada"), record.BodyAs(json));
    }

    [Fact]
    public async Task A_typed_streaming_handler_and_an_HttpResult_handler_answer_as_on_Lambda()
    {
        var events = HttpEventJsonContext.Default.FunctionUrlRequest;
        var request = new FunctionUrlRequest { RawPath = "/who" };

        var streamed = await LambdaTestHost.InvokeAsync(events, async (e, response, lambda) => await response.WriteAsync(Encoding.UTF8.GetBytes(e.RawPath)), request);
        var whole = await LambdaTestHost.InvokeAsync(events, (e, lambda) => Task.FromResult(HttpResult.Text($"at {e.RawPath}", statusCode: 201).WithCookie("seen=1")), request);

        Assert.Equal("/who", streamed.BodyText);
        Assert.Equal(201, whole.Prelude!.StatusCode);
        Assert.Equal(["seen=1"], whole.Prelude.Cookies);
        Assert.Equal("at /who", whole.BodyText);
    }

    [Fact]
    public async Task The_deadline_cancels_the_context_s_token_when_the_fake_clock_passes_it_less_the_margin()
    {
        var context = new TestLambdaContext(_time) { Deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(10) };
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        TimeSpan? remainingWhenCancelled = null;

        var invocation = LambdaTestHost.InvokeAsync(async (request, response, lambda) =>
        {
            await response.WriteAsync("working"u8.ToArray());
            waiting.SetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, lambda.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                remainingWhenCancelled = lambda.RemainingTime;
            }
        }, "{}", context);
        await waiting.Task.WithGuard();
        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(101));
        Assert.False(context.CancellationToken.IsCancellationRequested);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var record = await invocation.WithGuard();

        Assert.Equal(TimeSpan.FromMilliseconds(100), remainingWhenCancelled);
        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal("working", record.BodyText);
    }

    [Fact]
    public async Task LambdaLog_writes_to_the_invocation_s_test_logger_and_only_during_it()
    {
        var context = new TestLambdaContext { AwsRequestId = "request-1" };
        var outside = LambdaLog.Current;

        var record = await LambdaTestHost.InvokeAsync(async (request, response, lambda) =>
        {
            LambdaLog.Current.LogWarning($"from a library, for {lambda.AwsRequestId}");
            lambda.Logger.Log("WARN", "from the handler");
            await Task.Yield();
        }, "{}", context);

        Assert.Equal(["Warning: from a library, for request-1", "Warning: from the handler"], record.Logs.Select(line => line.ToString()));
        Assert.Same(outside, LambdaLog.Current);
        Assert.NotSame(context.Logger, LambdaLog.Current);
    }

    [Fact]
    public async Task A_context_serves_one_invocation_at_a_time_and_is_free_again_after_it()
    {
        var context = new TestLambdaContext();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = LambdaTestHost.InvokeAsync((request, response, lambda) => release.Task, "{}", context);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => LambdaTestHost.InvokeAsync((request, response, lambda) => Task.CompletedTask, "{}", context));
        Assert.StartsWith("This TestLambdaContext is in use by another invocation", refused.Message);
        Assert.True(context.CancellationToken.CanBeCanceled);
        release.SetResult();
        await first.WithGuard();

        Assert.False(context.CancellationToken.CanBeCanceled);
        Assert.Equal(ResponseOutcome.Error, (await LambdaTestHost.InvokeAsync((request, response, lambda) => throw new FormatException("again"), "{}", context)).Outcome);
    }

    [Fact]
    public void The_context_s_remaining_time_follows_its_clock_and_stops_at_zero()
    {
        var context = new TestLambdaContext(_time);

        Assert.Equal(TimeSpan.FromSeconds(30), context.RemainingTime);
        _time.Advance(TimeSpan.FromSeconds(12));
        Assert.Equal(TimeSpan.FromSeconds(18), context.RemainingTime);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.Zero, context.RemainingTime);
    }
}
