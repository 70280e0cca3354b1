using System.Text;
using System.Text.Json;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>The runtime (in-process) behind the emulator's Runtime API; the test is the invoking client.</summary>
public sealed class RuntimeBehindEmulatorTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Streamed_chunks_reach_the_invoker_before_the_handler_writes_the_next_one()
    {
        var firstChunkReadByInvoker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            response.ContentType = "text/plain";
            await response.WriteAsync("one\n"u8.ToArray());
            await firstChunkReadByInvoker.Task.WithGuard();
            await response.WriteAsync("two\n"u8.ToArray());
        });

        using var reply = await emulator.StreamAsync(Http);
        Assert.Equal("text/plain", reply.Content.Headers.ContentType?.MediaType);
        await using var body = await reply.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var read = await body.ReadAsync(buffer).AsTask().WithGuard();
        Assert.Equal("one\n", Encoding.ASCII.GetString(buffer, 0, read));
        firstChunkReadByInvoker.SetResult();
        using var rest = new MemoryStream();
        await body.CopyToAsync(rest).WithGuard();
        Assert.Equal("two\n", Encoding.ASCII.GetString(rest.ToArray()));

        var record = await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard();
        Assert.Equal(InvocationOutcome.Response, record.Outcome);
        Assert.Equal("streaming", record.ReportHeaders["Lambda-Runtime-Function-Response-Mode"]);
        Assert.Equal("one\ntwo\n", Encoding.ASCII.GetString(record.ResponseBody.Span));
        Assert.Equal(record.InvocationId, record.ReportHeaders["Lambda-Runtime-Invocation-Id"]);
    }

    [Fact]
    public async Task Buffered_handler_answers_with_its_content_type()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress,
            HandlerShapes.Buffered((request, context) => Task.FromResult(LambdaResult.Text($"echo {request.Text}", "text/plain"))));

        using var reply = await emulator.InvokeAsync(Http, "{\"a\":1}");
        Assert.Equal("echo {\"a\":1}", await reply.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", reply.Content.Headers.ContentType?.MediaType);
        var record = await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard();
        Assert.Equal(InvocationOutcome.Response, record.Outcome);
        Assert.False(record.ReportHeaders.ContainsKey("Lambda-Runtime-Function-Response-Mode"));
        Assert.Equal(record.InvocationId, record.ReportHeaders["Lambda-Runtime-Invocation-Id"]);
    }

    [Fact]
    public async Task Failure_before_any_byte_reaches_the_invoker_as_an_unhandled_function_error()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, (request, response, context) =>
            throw new ArgumentException("missing field 'prompt'"));

        using var reply = await emulator.InvokeAsync(Http);
        Assert.Equal(200, (int)reply.StatusCode);
        Assert.Equal("Unhandled", reply.Headers.GetValues("X-Amz-Function-Error").Single());
        var error = JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("missing field 'prompt'", error.GetProperty("errorMessage").GetString());
        Assert.Equal("System.ArgumentException", error.GetProperty("errorType").GetString());

        var record = await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard();
        Assert.Equal(InvocationOutcome.Error, record.Outcome);
        Assert.Equal("Function.UnhandledException", record.ErrorType);
    }

    [Fact]
    public async Task Failure_after_bytes_left_is_recorded_from_the_trailers_and_the_invoker_sees_the_stream_cut()
    {
        // The handler fails only once the invoker holds the first bytes: an abort races with delivery of anything
        // still in flight, and this test is about what happens after bytes have really left.
        var tokenReadByInvoker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            await response.WriteAsync("token-1 "u8.ToArray());
            await tokenReadByInvoker.Task.WithGuard();
            throw new HttpRequestException("model endpoint went away");
        });

        using var reply = await emulator.StreamAsync(Http);
        var requestId = reply.RequestId();
        await using var body = await reply.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var read = await body.ReadAtLeastAsync(buffer, "token-1 ".Length).AsTask().WithGuard();
        Assert.Equal("token-1 ", Encoding.ASCII.GetString(buffer, 0, read));
        tokenReadByInvoker.SetResult();

        var record = await emulator.Ledger.WaitForOutcomeAsync(requestId).WithGuard();
        Assert.Equal(InvocationOutcome.StreamError, record.Outcome);
        Assert.Equal("Function.UnhandledException", record.ErrorType);
        Assert.Equal("token-1 ", Encoding.ASCII.GetString(record.ResponseBody.Span));
        Assert.NotNull(record.ErrorBody);
        var error = JsonDocument.Parse(record.ErrorBody).RootElement;
        Assert.Equal("model endpoint went away", error.GetProperty("errorMessage").GetString());
        Assert.Equal("System.Net.Http.HttpRequestException", error.GetProperty("errorType").GetString());
        // A clean end would return 0 here; a cut stream throws.
        await Assert.ThrowsAnyAsync<IOException>(async () => await body.ReadAtLeastAsync(buffer, 1, throwOnEndOfStream: false)).WithGuard();
    }

    [Fact]
    public async Task Through_the_Invoke_API_a_failure_after_bytes_is_a_function_error_with_the_document_not_a_cut()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            await response.WriteAsync("token-1 "u8.ToArray());
            throw new HttpRequestException("model endpoint went away");
        });

        using var reply = await emulator.InvokeAsync(Http);
        Assert.Equal(200, (int)reply.StatusCode);
        Assert.Equal("Unhandled", reply.Headers.GetValues("X-Amz-Function-Error").Single());
        var error = JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("model endpoint went away", error.GetProperty("errorMessage").GetString());
        Assert.Equal("System.Net.Http.HttpRequestException", error.GetProperty("errorType").GetString());
        Assert.Equal(InvocationOutcome.Error, (await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard()).Outcome);
    }

    [Fact]
    public async Task In_managed_instances_mode_a_late_report_gets_410_and_the_runtime_serves_on()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var emulator = await EmulatorFixture.StartAsync(maxConcurrency: 2, timeout: TimeSpan.FromMilliseconds(500));
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            if (request.Text.Contains("slow", StringComparison.Ordinal))
            {
                // Ignores its token: Lambda times it out, and the environment lives on (Managed Instances).
                await release.Task.WithGuard();
                return;
            }
            await response.WriteAsync("fast"u8.ToArray());
        }, new Dictionary<string, string> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = "2" });

        using var slow = await emulator.InvokeAsync(Http, "\"slow\"");
        Assert.Contains("Sandbox.Timedout", await slow.Content.ReadAsStringAsync());
        release.SetResult();
        var rejected = Assert.Single(await emulator.Ledger.WaitForRejectedReportsAsync(1).WithGuard());
        Assert.Equal(410, rejected.StatusCode);
        Assert.Equal(RejectionReason.TimedOut, rejected.Reason);

        // Both workers still serve; the runtime logged the refusal and did not exit.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            using var fast = await emulator.InvokeAsync(Http, "\"fast\"");
            Assert.Equal("fast", await fast.Content.ReadAsStringAsync());
        }
        Assert.False(runtime.Completion.IsCompleted);
        Assert.Contains("410 gone (the invocation already timed out)", runtime.Log);
    }

    [Fact]
    public async Task Four_concurrent_invocations_are_in_flight_at_once_and_each_answer_matches_its_request()
    {
        const int concurrency = 4;
        var started = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var emulator = await EmulatorFixture.StartAsync(maxConcurrency: concurrency);
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            // Nobody answers until all four are running: this only completes if the runtime really runs them at once.
            if (Interlocked.Increment(ref started) == concurrency)
            {
                allStarted.SetResult();
            }
            await allStarted.Task.WithGuard();
            await response.WriteAsync(Encoding.UTF8.GetBytes($"{request.Text}|{context.AwsRequestId}"));
        }, new Dictionary<string, string> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = $"{concurrency}" });

        var calls = Enumerable.Range(0, concurrency).Select(async i =>
        {
            using var reply = await emulator.InvokeAsync(Http, $"{{\"n\":{i}}}");
            return (Payload: $"{{\"n\":{i}}}", RequestId: reply.RequestId(), Body: await reply.Content.ReadAsStringAsync());
        }).ToArray();
        var results = await Task.WhenAll(calls).WithGuard();

        foreach (var (payload, requestId, body) in results)
        {
            Assert.Equal($"{payload}|{requestId}", body);
        }
        Assert.Equal(concurrency, results.Select(r => r.RequestId).Distinct().Count());
    }
}
