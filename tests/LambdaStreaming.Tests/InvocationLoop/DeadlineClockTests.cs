using Microsoft.Extensions.Time.Testing;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>
/// The invocation's timings on a fake clock (<see cref="LambdaRuntimeOptions.TimeProvider"/>): the handler's token
/// fires exactly <see cref="LambdaRuntimeOptions.DeadlineMargin"/> before the deadline, and a report the Runtime API
/// never answers is given up exactly one second after it. Timers of a <see cref="FakeTimeProvider"/> fire inside
/// <see cref="FakeTimeProvider.Advance"/>, so "not yet" is checked right after an advance, without waiting.
/// </summary>
public sealed class DeadlineClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan UntilDeadline = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(null)] // the default, 100 ms
    [InlineData(2000)]
    public async Task The_token_fires_at_deadline_minus_margin_not_a_millisecond_earlier(int? marginMs)
    {
        var clock = new FakeTimeProvider(Start);
        var margin = marginMs is { } ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromMilliseconds(100);
        var token = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (_, _, context) =>
        {
            token.SetResult(context.CancellationToken);
            await release.Task.WithGuard();
        }, configure: options =>
        {
            options.TimeProvider = clock;
            if (marginMs is not null)
            {
                options.DeadlineMargin = margin;
            }
        });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-margin", "{}", (Start + UntilDeadline).ToUnixTimeMilliseconds());
        var cancellation = await token.Task.WithGuard();

        try
        {
            clock.Advance(UntilDeadline - margin - TimeSpan.FromMilliseconds(1));
            Assert.False(cancellation.IsCancellationRequested, "cancelled a millisecond before deadline - margin");
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(cancellation.IsCancellationRequested, "not cancelled at deadline - margin");
        }
        finally
        {
            // A failed assertion must not leave the handler waiting for the guard.
            release.SetResult();
        }
        await connection.ReadHeadAsync();
        await connection.ReadChunkedBodyAsync();
        await connection.AcceptReportAsync();
    }

    [Fact]
    public async Task An_unanswered_report_is_given_up_at_deadline_plus_one_second_not_later()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => Task.CompletedTask,
            configure: options => options.TimeProvider = clock);

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-grace", "{}", (Start + UntilDeadline).ToUnixTimeMilliseconds());
        await connection.ReadHeadAsync();
        await connection.ReadChunkedBodyAsync();

        // The report is read; the Runtime API never answers it.
        await AssertGivenUpAtDeadlinePlusOneSecondAsync(clock, connection);
        var next = await server.AcceptAsync();
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await next.ReadHeadAsync());
        Assert.Contains("did not answer the streaming response before the invocation's deadline", runtime.Log);
    }

    [Fact]
    public async Task An_unanswered_whole_response_is_given_up_at_deadline_plus_one_second_and_logged()
    {
        var clock = new FakeTimeProvider(Start);
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, response, _) =>
        {
            response.SetBufferedResult(LambdaResult.Text("whole"));
            return Task.CompletedTask;
        }, configure: options => options.TimeProvider = clock);

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-whole-grace", "{}", (Start + UntilDeadline).ToUnixTimeMilliseconds());
        var head = await connection.ReadHeadAsync();
        await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));

        await AssertGivenUpAtDeadlinePlusOneSecondAsync(clock, connection);
        var next = await server.AcceptAsync();
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await next.ReadHeadAsync());
        Assert.Contains("\treq-whole-grace\tERROR\tThe Runtime API did not answer the response before the invocation's deadline; closing that connection and polling again.", runtime.Log);
    }

    // Not given up a millisecond before deadline + 1 s. At it, the timer fires inside Advance: its cancellation ends the
    // wait for the reply (or, if the worker had not begun waiting yet, the wait ends as it begins) and the connection closes.
    private static async Task AssertGivenUpAtDeadlinePlusOneSecondAsync(FakeTimeProvider clock, ScriptedConnection connection)
    {
        clock.Advance(UntilDeadline + TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(1));
        Assert.False(connection.IsClosedByPeer(), "gave up before deadline + 1 s");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var closed = connection.ReadToEndAsync();
        Assert.True(await Task.WhenAny(closed, Task.Delay(TestTimeouts.Guard)) == closed, "still waiting for the reply at deadline + 1 s");
        Assert.Equal(0, await closed);
    }
}
