using CsCheck;
using LambdaStreaming.Tests.InvocationLoop;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Reliability;

/// <summary>
/// Whatever deadline the Runtime API sends (0, long past, now, a millisecond away, 50 days away, beyond the year 9999,
/// <see cref="long.MaxValue"/>), each invocation gets exactly one report and the worker goes on polling. AWS's own
/// emulator sends deadlines about 10^9 seconds ahead in Managed Instances mode; they used to kill every worker.
/// </summary>
public sealed class DeadlinePropertyTests
{
    private const long Day = 86_400_000;

    /// <summary>A deadline header value: Unix milliseconds, either absolute or relative to the moment it is sent.</summary>
    private static readonly Gen<(bool FromNow, long Milliseconds)> Deadlines = Gen.OneOf(
        Gen.Const((false, 0L)),
        Gen.Long[-3650 * Day, -1].Select(ms => (true, ms)),
        Gen.Const((true, 0L)),
        Gen.Const((true, 1L)),
        Gen.Const((true, 50 * Day)),
        Gen.Long[49 * Day, 60 * Day].Select(ms => (true, ms)),
        Gen.Long[1_000_000_000_000_000, long.MaxValue].Select(ms => (false, ms)),
        Gen.Const((false, long.MaxValue)),
        Gen.Long[0, long.MaxValue].Select(ms => (false, ms)));

    /// <summary>What the handler does: stream a chunk, return without writing, or throw.</summary>
    private static readonly Gen<int> Behaviours = Gen.Int[0, 2];

    [Fact]
    public async Task Every_deadline_gives_exactly_one_report_and_the_worker_keeps_polling()
    {
        await Gen.Select(Deadlines, Behaviours).List[1, 4].SampleAsync(async invocations =>
        {
            await using var server = new ScriptedServer();
            var behaviour = 0;
            await using var runtime = RuntimeUnderTest.Start(server, async (_, response, _) =>
            {
                switch (Volatile.Read(ref behaviour))
                {
                    case 0:
                        await response.WriteAsync("ok"u8.ToArray());
                        break;
                    case 2:
                        throw new InvalidOperationException("handler failed");
                }
            });

            var api = new ScriptedRuntimeApi(server);
            Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await api.NextHeadAsync());
            for (var i = 0; i < invocations.Count; i++)
            {
                var ((fromNow, milliseconds), kind) = invocations[i];
                Volatile.Write(ref behaviour, kind);
                var deadline = fromNow ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + milliseconds : milliseconds;
                var requestId = $"req-deadline-{i}";
                await api.Current.SendInvocationAsync(requestId, "{}", deadline);

                var report = await api.NextHeadAsync();
                Assert.Matches($"^POST /2018-06-01/runtime/invocation/{requestId}/(response|error) ", report);
                await api.ReadBodyAsync(report);
                await api.Current.AcceptReportAsync();

                // Exactly one report: what follows it is the next poll, not a second report, and the worker is alive.
                Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await api.NextHeadAsync());
            }

            Assert.False(runtime.Completion.IsCompleted, $"The runtime stopped. Log:\n{runtime.Log}");
            Assert.DoesNotContain("ArgumentOutOfRangeException", runtime.Log);
        }, iter: 40);
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(253_402_300_800_000)] // the first millisecond of the year 10000
    public async Task A_deadline_past_the_year_9999_means_no_deadline_for_the_handler(long deadlineMs)
    {
        await using var server = new ScriptedServer();
        var seen = new TaskCompletionSource<(DateTimeOffset Deadline, TimeSpan Remaining, bool CanBeCanceled)>();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, context) =>
        {
            seen.TrySetResult((context.Deadline, context.RemainingTime, context.CancellationToken.IsCancellationRequested));
            return Task.CompletedTask;
        });

        var api = new ScriptedRuntimeApi(server);
        await api.NextHeadAsync();
        await api.Current.SendInvocationAsync("req-far", "{}", deadlineMs);
        var (deadline, remaining, cancelled) = await seen.Task.WithGuard();
        Assert.Equal(DateTimeOffset.MaxValue, deadline);
        Assert.True(remaining > TimeSpan.FromDays(365 * 7000), $"remaining {remaining}");
        Assert.False(cancelled);
        var report = await api.NextHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-far/response ", report);
        await api.ReadBodyAsync(report);
        await api.Current.AcceptReportAsync();
    }

    [Fact]
    public async Task A_deadline_of_0_is_already_due_not_invalid()
    {
        await using var server = new ScriptedServer();
        var cancelled = new TaskCompletionSource<bool>();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, context) =>
        {
            cancelled.TrySetResult(context.CancellationToken.IsCancellationRequested);
            return Task.CompletedTask;
        });

        var api = new ScriptedRuntimeApi(server);
        await api.NextHeadAsync();
        await api.Current.SendInvocationAsync("req-zero", "{}", 0);
        Assert.True(await cancelled.Task.WithGuard());
        Assert.DoesNotContain("Runtime.InvalidInvocation", runtime.Log);
    }

    /// <summary>Follows the runtime across its connections: a streamed response closes one and the next poll opens another.</summary>
    private sealed class ScriptedRuntimeApi(ScriptedServer server)
    {
        public ScriptedConnection Current { get; private set; } = null!;

        /// <summary>The next request head, on the current connection or, once the runtime closed it, on a new one.</summary>
        public async Task<string> NextHeadAsync()
        {
            while (true)
            {
                if (Current is not null && await Current.ReadHeadAsync() is { } head)
                {
                    return head;
                }
                Current = await server.AcceptAsync();
            }
        }

        public async Task ReadBodyAsync(string head)
        {
            if (head.Contains("Transfer-Encoding: chunked\r\n", StringComparison.Ordinal))
            {
                await Current.ReadChunkedBodyAsync();
            }
            else
            {
                await Current.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
            }
        }
    }
}
