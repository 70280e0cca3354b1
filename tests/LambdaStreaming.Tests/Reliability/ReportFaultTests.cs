using System.Text;
using LambdaStreaming.Tests.InvocationLoop;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Reliability;

/// <summary>
/// The Runtime API's answers to a report, and its failures while a response streams: refusals are logged and the
/// runtime goes on; a container error (500) makes it exit so Lambda replaces the environment; a stalled or broken
/// connection never holds the worker past the invocation's deadline.
/// </summary>
public sealed class ReportFaultTests
{
    [Theory]
    [InlineData(400, "InvalidRequestContentException")]
    [InlineData(403, "InvalidStateTransition")]
    [InlineData(413, "RequestEntityTooLargeException")]
    public async Task A_refused_streamed_response_is_logged_and_polling_goes_on(int status, string errorType)
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (_, response, _) => await response.WriteAsync("data"u8.ToArray()));
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-refused", "{}");
        await connection.ReadHeadAsync();
        await connection.ReadChunkedBodyAsync();

        var body = $$"""{"errorMessage":"refused","errorType":"{{errorType}}"}""";
        await connection.WriteAsync($"HTTP/1.1 {status} Refused\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        await NextPollAsync(server);
        Assert.Contains("The Runtime API refused the streaming response", runtime.Log);
        Assert.Contains(errorType, runtime.Log);
        Assert.False(runtime.Completion.IsCompleted);
    }

    // Each refusal is logged as the Runtime API worded it, named by what was refused; the worker polls again.
    [Theory]
    [InlineData("response", 403, "403 forbidden (unknown or already reported request id)")]
    [InlineData("error", 400, "400 bad request")]
    [InlineData("streaming response with error trailers", 413, "413 payload too large")]
    [InlineData("streaming response", 400, "400 bad request")]
    [InlineData("response", 410, "410 gone (the invocation already timed out)")]
    public async Task A_refused_report_is_logged_with_what_was_refused_and_why(string what, int status, string meaning)
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (_, response, _) =>
        {
            switch (what)
            {
                case "response":
                    response.SetBufferedResult(LambdaResult.Text("whole"));
                    return;
                case "error":
                    throw new InvalidOperationException("before any byte");
                case "streaming response":
                    await response.WriteAsync("all of it"u8.ToArray());
                    return;
                default:
                    await response.WriteAsync("partial"u8.ToArray());
                    throw new InvalidOperationException("after a byte");
            }
        });
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-refusal", "{}");
        var head = await connection.ReadHeadAsync();
        var streamed = head!.Contains("Transfer-Encoding: chunked", StringComparison.Ordinal);
        if (streamed)
        {
            await connection.ReadChunkedBodyAsync();
        }
        else
        {
            await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
        }

        const string body = """{"errorMessage":"no","errorType":"Refusal"}""";
        await connection.WriteAsync($"HTTP/1.1 {status} No\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        // A stream closes its connection, so the next poll comes on a new one; a whole report keeps its connection.
        if (streamed)
        {
            await NextPollAsync(server);
        }
        else
        {
            Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await connection.ReadHeadAsync());
        }
        Assert.Contains($"\treq-refusal\tERROR\tThe Runtime API refused the {what}: {meaning}: {body}", runtime.Log);
        Assert.False(runtime.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_container_error_answering_the_response_makes_the_runtime_exit_non_zero()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (_, response, _) => await response.WriteAsync("data"u8.ToArray()));
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-500", "{}");
        await connection.ReadHeadAsync();
        await connection.ReadChunkedBodyAsync();
        await connection.WriteAsync("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(1, await runtime.Completion.WithGuard());
        Assert.Contains("container error", runtime.Log);
    }

    [Fact]
    public async Task A_container_error_answering_an_error_report_makes_the_runtime_exit_non_zero()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => throw new InvalidOperationException("boom"));
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-err-500", "{}");
        var head = await connection.ReadHeadAsync();
        await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
        await connection.WriteAsync("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(1, await runtime.Completion.WithGuard());
    }

    [Fact]
    public async Task A_container_error_answering_an_invalid_invocations_error_report_makes_the_runtime_exit_non_zero()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => Task.CompletedTask);
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.WriteAsync("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-invalid-500\r\nContent-Length: 2\r\n\r\n{}");
        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-invalid-500/error ", head);
        await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
        await connection.WriteAsync("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");

        Assert.Equal(1, await runtime.Completion.WithGuard());
        Assert.Contains("\treq-invalid-500\tFATAL\tRuntime API error answered 500", runtime.Log);
    }

    [Fact]
    public async Task A_connection_reset_while_streaming_fails_that_invocation_and_the_runtime_polls_again()
    {
        var firstChunkSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connectionReset = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Exception? seenByHandler = null;
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (_, response, _) =>
        {
            await response.WriteAsync("first"u8.ToArray());
            firstChunkSent.SetResult();
            await connectionReset.Task.WithGuard();
            try
            {
                // Writes go on until the socket notices the reset.
                for (var i = 0; i < 10_000; i++)
                {
                    await response.WriteAsync(new byte[16 * 1024]);
                }
            }
            catch (Exception ex)
            {
                seenByHandler = ex;
                throw;
            }
        });
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-reset", "{}");
        await connection.ReadHeadAsync();
        await firstChunkSent.Task.WithGuard();
        connection.Reset();
        connectionReset.SetResult();

        await NextPollAsync(server);
        Assert.IsAssignableFrom<IOException>(seenByHandler);
        Assert.Contains("req-reset", runtime.Log);
        Assert.False(runtime.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_Runtime_API_that_never_answers_the_report_is_given_up_on_after_the_deadline()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (_, response, _) => await response.WriteAsync("data"u8.ToArray()));
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-stall", "{}", deadlineMs: DateTimeOffset.UtcNow.AddMilliseconds(300).ToUnixTimeMilliseconds());
        await connection.ReadHeadAsync();
        await connection.ReadChunkedBodyAsync();

        // No answer to the response, ever: the worker must move on by itself.
        await NextPollAsync(server);
        Assert.Contains("did not answer the streaming response before the invocation's deadline", runtime.Log);
        Assert.False(runtime.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_connection_closed_right_after_the_next_reply_fails_the_buffered_report_over_to_a_new_connection()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server,
            HandlerShapes.Buffered((_, _) => Task.FromResult(LambdaResult.Text("whole"))));
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-closed-after", "{}");
        await connection.DisposeAsync();

        // The report can be replayed, so it arrives whole on another connection.
        string? head;
        ScriptedConnection retry;
        do
        {
            retry = await server.AcceptAsync();
            head = await retry.ReadHeadAsync();
        }
        while (head is null);

        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-closed-after/response ", head);
        Assert.Equal("whole", Encoding.UTF8.GetString(await retry.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head))));
        await retry.AcceptReportAsync();

        // A buffered report keeps its connection alive, so the next poll comes on it.
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await retry.ReadHeadAsync());
        Assert.Contains("retrying on a new connection", runtime.Log);
    }

    [Fact]
    public async Task A_connection_closed_right_after_the_next_reply_loses_only_that_streamed_response_and_polling_goes_on()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (_, response, _) =>
        {
            for (var i = 0; i < 100; i++)
            {
                await response.WriteAsync(new byte[64 * 1024]);
            }
        });
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-closed-stream", "{}");
        connection.Reset();

        // A streamed body can't be replayed: the runtime says so and carries on with the next invocation.
        await NextPollAsync(server);
        Assert.Contains("req-closed-stream", runtime.Log);
        Assert.False(runtime.Completion.IsCompleted);
    }

    private static async Task NextPollAsync(ScriptedServer server)
    {
        while (true)
        {
            var next = await server.AcceptAsync();
            if (await next.ReadHeadAsync() is { } head)
            {
                Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", head);
                return;
            }
        }
    }
}
