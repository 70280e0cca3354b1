using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>
/// <see cref="ResponseStream.OnCompleted"/> through the runtime and a real socket: the callback runs once the Runtime
/// API has acknowledged the outcome, and the runtime polls for the next invocation only after it returns.
/// </summary>
public sealed class OnCompletedTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_callback_runs_after_the_report_is_acknowledged_and_before_the_next_poll(bool fails)
    {
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
        {
            response.OnCompleted(async () =>
            {
                ran.SetResult();
                await release.Task.WithGuard();
            });
            await response.WriteAsync("body"u8.ToArray());
            if (fails)
            {
                throw new InvalidOperationException("after the first chunk");
            }
        });

        try
        {
            var connection = await server.AcceptAsync();
            await connection.ReadHeadAsync();
            await connection.SendInvocationAsync("req-done", "{}");
            await connection.ReadHeadAsync();
            var body = connection.ReadChunkedBodyAsync();
            Assert.True(body == await Task.WhenAny(body, ran.Task).WithGuard(), "the callback ran before the report was sent");
            Assert.Equal(fails, (await body).Trailers.Count > 0);
            Assert.False(ran.Task.IsCompleted, "the callback ran before the Runtime API acknowledged the report");

            await connection.AcceptReportAsync();
            await ran.Task.WithGuard();
            var next = server.AcceptAsync();
            Assert.False(next.IsCompleted, "the runtime polled again while the callback was still running");
            release.SetResult();
            Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await (await next).ReadHeadAsync());
        }
        finally
        {
            // A failed assertion must not leave the callback, and so the runtime's disposal, waiting.
            release.TrySetResult();
        }
    }
}
