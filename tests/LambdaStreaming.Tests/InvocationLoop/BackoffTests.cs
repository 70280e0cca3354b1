using LambdaStreaming.InvocationLoop;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>How the worker waits after failed polls, on a fake clock, and which failures it retries at all.</summary>
public sealed class BackoffTests
{
    [Fact]
    public async Task Failed_polls_wait_10_20_40_80_160_320_ms_and_the_seventh_failure_exits_1()
    {
        var clock = new TimerRecordingClock(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => Task.CompletedTask,
            configure: options => options.TimeProvider = clock);

        var waits = new List<TimeSpan>();
        for (var failure = 1; ; failure++)
        {
            var connection = await server.AcceptAsync();
            await connection.ReadHeadAsync();
            await connection.WriteAsync("HTTP/1.1 OK 200\r\n\r\n");
            if (failure == InvocationWorker.MaxConsecutiveFailures + 1)
            {
                break;
            }
            var wait = await clock.NextTimerAsync();
            waits.Add(wait);
            clock.Advance(wait);
        }

        Assert.Equal([10, 20, 40, 80, 160, 320], waits.Select(wait => wait.TotalMilliseconds));
        Assert.Equal(1, await runtime.Completion.WithGuard());
        Assert.Contains("failed 7 times in a row", runtime.Log);
        Assert.Contains("reconnecting in 320 ms (attempt 6 of 6)", runtime.Log);
    }

    public static TheoryData<Exception, bool> Failures => new()
    {
        { new IOException("reset"), true },
        { new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused), true },
        { new ObjectDisposedException("socket"), true },
        { new LambdaStreaming.Transport.MalformedHttpResponseException(LambdaStreaming.Transport.HttpRejectionReason.InvalidStatusLine, "bad"), true },
        { new RuntimeApiException("next", 400, "bad request"), true },
        { new RuntimeApiException("next", 403, "forbidden"), true },
        { new RuntimeApiException("next", 500, "container error"), false },
        { new InvalidOperationException("a bug"), false },
        { new OperationCanceledException(), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Socket_failures_and_refusals_are_retried_on_a_new_connection_container_errors_and_bugs_are_not(Exception failure, bool retried) =>
        Assert.Equal(retried, RuntimeApiFaults.CanRetryOnNewConnection(failure));
}
