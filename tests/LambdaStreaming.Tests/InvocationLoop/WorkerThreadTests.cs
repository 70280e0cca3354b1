using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>
/// The worker waits for the Runtime API on a thread of its own, so the long-poll never holds a thread-pool thread,
/// even after a handler finished on one.
/// </summary>
public sealed class WorkerThreadTests
{
    [Fact]
    public async Task Every_invocation_starts_on_the_workers_own_thread_even_after_a_handler_completed_on_the_pool()
    {
        var starts = new List<(bool OnPool, int ThreadId)>();
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
        {
            lock (starts)
            {
                starts.Add((Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId));
            }
            // Completes on a pool thread: the worker's loop continues there until it moves back.
            await Task.Delay(1).ConfigureAwait(false);
            Assert.True(Thread.CurrentThread.IsThreadPoolThread);
            await response.WriteAsync("x"u8.ToArray());
        });

        var connection = await server.AcceptAsync();
        for (var i = 0; i < 3; i++)
        {
            await connection.ReadHeadAsync();
            await connection.SendInvocationAsync($"req-{i}", "{}");
            await connection.ReadHeadAsync();
            await connection.ReadChunkedBodyAsync();
            await connection.AcceptReportAsync();
            connection = await server.AcceptAsync();
        }

        Assert.Equal(3, starts.Count);
        Assert.All(starts, start => Assert.False(start.OnPool, "an invocation started on a thread-pool thread"));
        Assert.Single(starts.Select(start => start.ThreadId).Distinct());
    }
}
