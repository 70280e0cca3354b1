using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Reliability;

/// <summary>
/// Every way a <c>next</c> reply can go wrong on the wire: the runtime names the fault in its log, drops that
/// connection, and polls again on a new one, without running the handler for a broken invocation.
/// </summary>
public sealed class NextReplyFaultTests
{
    private const string Deadline = "Lambda-Runtime-Deadline-Ms: 99999999999999\r\n";

    public static TheoryData<string, string, bool, string> Faults => new()
    {
        // fault, bytes the Runtime API sends, then reset (true) or close (false), what the log must name
        { "closed before the reply", "", false, "next failed" },
        { "reset before the reply", "", true, "next failed" },
        { "closed inside the status line", "HTTP/1.1 20", false, "UnexpectedEndOfStream" },
        { "closed inside the headers", "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Req", false, "UnexpectedEndOfStream" },
        { "reset inside the headers", "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Req", true, "next failed" },
        { "malformed status line", "HTTP/1.1 OK 200\r\n\r\n", false, "InvalidStatusLine" },
        { "not HTTP at all", "SSH-2.0-OpenSSH_9.6\r\n\r\n", false, "InvalidStatusLine" },
        { "header line without a colon", "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id req-1\r\n\r\n", false, "InvalidHeaderLine" },
        { "oversize header line", $"HTTP/1.1 200 OK\r\nX-Big: {new string('a', 20_000)}\r\n\r\n", false, "HeaderLineTooLong" },
        { "missing Content-Length", $"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-1\r\n{Deadline}\r\n{{}}", false, "MissingContentLength" },
        { "non-numeric Content-Length", $"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-1\r\n{Deadline}Content-Length: two\r\n\r\n{{}}", false, "InvalidContentLength" },
        { "negative Content-Length", $"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-1\r\n{Deadline}Content-Length: -2\r\n\r\n{{}}", false, "InvalidContentLength" },
        { "body shorter than announced", $"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-1\r\n{Deadline}Content-Length: 50\r\n\r\n{{\"a\":", false, "UnexpectedEndOfStream" },
        { "missing request id", $"HTTP/1.1 200 OK\r\n{Deadline}Content-Length: 2\r\n\r\n{{}}", false, "no Lambda-Runtime-Aws-Request-Id" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_broken_next_reply_is_logged_and_polling_resumes_on_a_new_connection(string fault, string reply, bool reset, string logged)
    {
        var handlerRuns = 0;
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) =>
        {
            Interlocked.Increment(ref handlerRuns);
            return Task.CompletedTask;
        });

        var first = await server.AcceptAsync();
        await first.ReadHeadAsync();
        await first.WriteAsync(reply);
        if (reset)
        {
            first.Reset();
        }
        else
        {
            await first.DisposeAsync();
        }

        // Recovery: a GET next on another connection (the runtime may open a spare first; the poll is what counts).
        while (true)
        {
            var next = await server.AcceptAsync();
            if (await next.ReadHeadAsync() is { } head)
            {
                Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", head);
                break;
            }
        }

        Assert.True(runtime.Log.Contains(logged, StringComparison.Ordinal), $"{fault}: the log does not name the fault ('{logged}'):\n{runtime.Log}");
        Assert.Equal(0, handlerRuns);
        Assert.False(runtime.Completion.IsCompleted, $"{fault}: the runtime exited instead of recovering");
    }
}
