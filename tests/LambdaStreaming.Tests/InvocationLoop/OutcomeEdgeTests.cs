using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>Edges of the outcome logic that the README promises and that mutation testing found untested.</summary>
public sealed class OutcomeEdgeTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_flush_without_a_token_of_its_own_stops_at_the_deadline_token()
    {
        // The README: "flushes without a token of their own stop at it". The reader never reads, so the handler's
        // writes end in a flush held up by backpressure; only the deadline token can end it.
        var clock = new FakeTimeProvider(Start);
        var stopped = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (_, response, _) =>
        {
            try
            {
                var piece = new byte[64 * 1024];
                while (true)
                {
                    await response.WriteAsync(piece);
                }
            }
            catch (Exception ex)
            {
                stopped.TrySetResult(ex);
                throw;
            }
        }, configure: options => options.TimeProvider = clock);

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-stalled", "{}", (Start + TimeSpan.FromSeconds(10)).ToUnixTimeMilliseconds());

        clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(101));
        Assert.False(stopped.Task.IsCompleted, "the flush stopped before the deadline token fired");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.IsAssignableFrom<OperationCanceledException>(await stopped.Task.WithGuard());
    }

    [Fact]
    public async Task A_report_that_fails_twice_is_given_up_after_its_one_retry()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => throw new InvalidOperationException("boom"));
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-twice", "{}");

        var head = await connection.ReadHeadAsync();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-twice/error ", head);
            await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
            connection.Reset();
            connection = await NextConnectionAsync(server);
            head = connection.LastHead;
        }

        // No third attempt: the next request is the next poll, and the loss is logged.
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", head);
        var lines = runtime.Log.Split('\n');
        Assert.Single(lines, line => line.Contains("\treq-twice\tWARN\tSending the error failed (", StringComparison.Ordinal) && line.TrimEnd('\r').EndsWith("); retrying on a new connection.", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("\treq-twice\tERROR\tCould not send the error to the Runtime API (", StringComparison.Ordinal) && line.TrimEnd('\r').EndsWith("); Lambda will time the invocation out.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(LambdaResult.MaxBodyBytes, true)]
    [InlineData(LambdaResult.MaxBodyBytes + 1, false)]
    public async Task A_buffered_result_of_exactly_6_MiB_is_sent_and_one_byte_more_is_refused(int size, bool sent)
    {
        var (head, body) = await ReportAsync(HandlerShapes.Buffered((_, _) => Task.FromResult(LambdaResult.Bytes(new byte[size]))));

        if (sent)
        {
            Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-edge/response ", head);
            Assert.Equal(size, body.Length);
        }
        else
        {
            Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-edge/error ", head);
            Assert.Contains("Lambda-Runtime-Function-Error-Type: Function.ResponseSizeTooLarge\r\n", head);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("text/plain\r\nX-Injected: 1")]
    public async Task A_buffered_result_with_an_empty_or_unsafe_content_type_is_reported_as_an_error(string contentType)
    {
        var (head, body) = await ReportAsync(HandlerShapes.Buffered((_, _) => Task.FromResult(LambdaResult.Text("x", contentType))));

        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-edge/error ", head);
        using var error = JsonDocument.Parse(body);
        Assert.Equal("System.ArgumentException", error.RootElement.GetProperty("errorType").GetString());
    }

    private static async Task<(string Head, byte[] Body)> ReportAsync(StreamingHandler handler)
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, handler);
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-edge", "{}");
        var head = await connection.ReadHeadAsync() ?? throw new InvalidOperationException("no report");
        var body = await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
        await connection.AcceptReportAsync();
        return (head, body);
    }

    // The runtime's next request, on whichever new connection carries one.
    private static async Task<ScriptedConnection> NextConnectionAsync(ScriptedServer server)
    {
        while (true)
        {
            var next = await server.AcceptAsync();
            if (await next.ReadHeadAsync() is { } head)
            {
                next.LastHead = head;
                return next;
            }
        }
    }
}
