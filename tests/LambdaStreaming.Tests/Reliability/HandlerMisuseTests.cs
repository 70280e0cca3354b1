using System.Text;
using System.Text.Json;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.Integration;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Reliability;

/// <summary>What happens when a handler uses the response wrongly: a clear error, or behaviour that is documented.</summary>
public sealed class HandlerMisuseTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Completing_twice_is_harmless_and_the_response_is_sent_once()
    {
        var invocation = await SingleInvocation.RunAsync(async (request, response, context) =>
        {
            await response.WriteAsync("once"u8.ToArray());
            response.Complete();
            await response.CompleteAsync();
            await response.CompleteAsync();
        });

        Assert.Equal("once", Encoding.ASCII.GetString(invocation.Body));
        Assert.Empty(invocation.Trailers);
    }

    [Fact]
    public async Task Starting_the_HTTP_prelude_after_the_first_byte_fails_with_a_clear_message()
    {
        var invocation = await SingleInvocation.RunAsync(async (request, response, context) =>
        {
            await response.WriteAsync("body first"u8.ToArray());
            response.StartHttpResponse(200);
        });

        var error = ErrorFromTrailers(invocation.Trailers);
        Assert.Equal("System.InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Contains("before the response body begins", error.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task A_background_task_writing_after_the_handler_returned_gets_a_clear_exception_and_the_response_is_unharmed()
    {
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? background = null;
        var invocation = await SingleInvocation.RunAsync((request, response, context) =>
        {
            response.ContentType = "text/plain";
            background = Task.Run(async () =>
            {
                await reported.Task;
                response.GetSpan(1);
            });
            return Task.CompletedTask;
        });
        reported.SetResult();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => background!.WithGuard());
        Assert.Contains("already been completed", thrown.Message);
        Assert.Empty(invocation.Body);
        Assert.Empty(invocation.Trailers);
    }

    [Fact]
    public async Task Returning_while_a_flush_is_held_up_by_backpressure_waits_for_it_before_ending_the_response()
    {
        const int size = 32 * 1024 * 1024;
        var returned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flushWasPending = false;
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (request, response, context) =>
        {
            response.GetSpan(size).Slice(0, size).Fill((byte)'z');
            response.Advance(size);
            var flush = response.FlushAsync();
            flushWasPending = !flush.IsCompleted;
            returned.SetResult();
            return Task.CompletedTask;
        });
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-pending", "{}");
        await connection.ReadHeadAsync();

        // Nothing is read until the handler has returned with its flush still in the pipe.
        await returned.Task.WithGuard();
        var (data, _, trailers) = await connection.ReadChunkedBodyAsync();
        await connection.AcceptReportAsync();

        Assert.True(flushWasPending, "the socket took 32 MiB at once; the scenario needs a flush held up by backpressure");
        Assert.Equal(size, data.Length);
        Assert.All(data, b => Assert.Equal((byte)'z', b));
        Assert.Empty(trailers);
    }

    [Fact]
    public async Task A_handler_that_never_completes_sees_its_token_fire_and_the_emulator_records_a_timeout()
    {
        using var release = new CancellationTokenSource();
        var tokenFired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var emulator = await EmulatorFixture.StartAsync(timeout: TimeSpan.FromSeconds(1));
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, async (request, response, context) =>
        {
            context.CancellationToken.Register(() => tokenFired.TrySetResult());

            // Ignores its token: only the test lets it go, after the assertions.
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        using var reply = await emulator.InvokeAsync(Http);
        var record = await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard();

        Assert.Equal(InvocationOutcome.Timeout, record.Outcome);
        await tokenFired.Task.WithGuard();
        Assert.Equal("Unhandled", reply.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Contains("Task timed out", await reply.Content.ReadAsStringAsync());
        await release.CancelAsync();
    }

    private static JsonElement ErrorFromTrailers(List<string> trailers)
    {
        var body = trailers.Single(t => t.StartsWith("Lambda-Runtime-Function-Error-Body: ", StringComparison.Ordinal));
        return JsonDocument.Parse(Convert.FromBase64String(body["Lambda-Runtime-Function-Error-Body: ".Length..])).RootElement;
    }
}
