using System.Text.Json;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>Faults of the Runtime API that the runtime recovers from, and the ones it must not survive.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public async Task Malformed_next_reply_is_logged_and_the_runtime_polls_again_on_a_new_connection()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => Task.CompletedTask);

        var first = await server.AcceptAsync();
        await first.ReadHeadAsync();
        await first.WriteAsync("HTTP/1.1 OK 200\r\n\r\n");

        var second = await server.AcceptAsync();
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await second.ReadHeadAsync());
        Assert.Contains("InvalidStatusLine", runtime.Log);
    }

    [Fact]
    public async Task Next_reply_without_a_request_id_is_rejected_and_polling_continues()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => Task.CompletedTask);

        var first = await server.AcceptAsync();
        await first.ReadHeadAsync();
        await first.WriteAsync("HTTP/1.1 200 OK\r\nLambda-Runtime-Deadline-Ms: 99999999999999\r\nContent-Length: 2\r\n\r\n{}");

        var second = await server.AcceptAsync();
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await second.ReadHeadAsync());
        Assert.Contains("no Lambda-Runtime-Aws-Request-Id", runtime.Log);
    }

    [Fact]
    public async Task Non_numeric_deadline_is_reported_as_an_error_for_that_request_id()
    {
        await using var server = new ScriptedServer();
        var handlerRan = false;
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) =>
        {
            handlerRan = true;
            return Task.CompletedTask;
        });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.WriteAsync("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-baddl\r\nLambda-Runtime-Deadline-Ms: soon\r\nContent-Length: 2\r\n\r\n{}");

        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-baddl/error ", head);
        Assert.Contains("Lambda-Runtime-Function-Error-Type: Runtime.InvalidInvocation\r\n", head);
        var error = JsonDocument.Parse(await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head))).RootElement;
        Assert.Contains("Lambda-Runtime-Deadline-Ms", error.GetProperty("errorMessage").GetString());
        await connection.AcceptReportAsync();
        Assert.False(handlerRan);
        // Reported, so the worker goes on: the next poll comes on the same connection.
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await connection.ReadHeadAsync());
    }

    [Fact]
    public async Task Connection_closed_before_the_error_reply_is_retried_once_on_a_new_connection()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => throw new InvalidOperationException("boom"));

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-retry", "{}");
        var head = await connection.ReadHeadAsync();
        await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
        connection.Reset();

        // The spare connection (opened in the background) carries the retry.
        ScriptedConnection retry;
        string? retryHead;
        do
        {
            retry = await server.AcceptAsync();
            retryHead = await retry.ReadHeadAsync();
        }
        while (retryHead is null);
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-retry/error ", retryHead);
        await retry.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(retryHead));
        await retry.AcceptReportAsync();
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await retry.ReadHeadAsync());
    }

    [Fact]
    public async Task An_invalid_invocation_whose_error_report_is_lost_twice_makes_the_runtime_exit_with_1()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => Task.CompletedTask);

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.WriteAsync("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-lost\r\nLambda-Runtime-Deadline-Ms: soon\r\nContent-Length: 2\r\n\r\n{}");
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-lost/error ", await connection.ReadHeadAsync());
        connection.Reset();

        // The retry, on a connection of its own, is lost too: an invocation the runtime can neither serve nor report
        // leaves Lambda to time it out, and the environment to be replaced.
        string? retryHead;
        do
        {
            var retry = await server.AcceptAsync();
            retryHead = await retry.ReadHeadAsync();
            if (retryHead is not null)
            {
                retry.Reset();
            }
        }
        while (retryHead is null);
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-lost/error ", retryHead);

        Assert.Equal(1, await runtime.Completion.WithGuard());
        Assert.Contains("Could not send the error to the Runtime API", runtime.Log);
    }

    [Fact]
    public async Task Unreachable_runtime_api_makes_the_runtime_exit_with_1()
    {
        string authority;
        await using (var server = new ScriptedServer())
        {
            authority = server.Authority;
        }
        await using var runtime = RuntimeUnderTest.Start(authority, (_, _, _) => Task.CompletedTask);

        Assert.Equal(1, await runtime.Completion.WithGuard());
        Assert.Contains("failed 7 times in a row", runtime.Log);
    }
}
