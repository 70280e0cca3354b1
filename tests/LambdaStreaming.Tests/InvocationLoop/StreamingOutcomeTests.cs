using System.Text;
using System.Text.Json;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>What the Runtime API receives, byte for byte, for each way a streaming invocation can end.</summary>
public sealed class StreamingOutcomeTests
{
    [Fact]
    public async Task Returning_handler_streams_each_flush_as_one_chunk_and_ends_the_body()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
        {
            response.ContentType = "text/plain";
            await response.WriteAsync("foo\n"u8.ToArray());
            await response.WriteAsync("bar\n"u8.ToArray());
        });

        var connection = await server.AcceptAsync();
        Assert.Equal($"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: {server.Authority}\r\n\r\n", await connection.ReadHeadAsync());
        await connection.SendInvocationAsync("req-1", "{}");

        var head = await connection.ReadHeadAsync();
        Assert.Equal(
            "POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\n" +
            $"Host: {server.Authority}\r\n" +
            "Lambda-Runtime-Function-Response-Mode: streaming\r\n" +
            "Transfer-Encoding: chunked\r\n" +
            "Content-Type: text/plain\r\n" +
            "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n" +
            "Connection: close\r\n\r\n", head);
        var (data, chunks, trailers) = await connection.ReadChunkedBodyAsync();
        Assert.Equal("foo\nbar\n", Encoding.ASCII.GetString(data));
        Assert.Equal([4, 4], chunks);
        Assert.Empty(trailers);
        await connection.AcceptReportAsync();

        // AWS requires a streamed response's connection to be closed; the next poll arrives on another one.
        Assert.Equal(0, await connection.ReadToEndAsync());
        var next = await server.AcceptAsync();
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await next.ReadHeadAsync());
    }

    [Fact]
    public async Task First_chunk_reaches_the_Runtime_API_before_the_handler_writes_the_second()
    {
        var firstChunkSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
        {
            await response.WriteAsync("first"u8.ToArray());
            await firstChunkSeen.Task.WithGuard();
            await response.WriteAsync("second"u8.ToArray());
        });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-live", "{}");
        await connection.ReadHeadAsync();
        Assert.Equal("5", (await connection.ReadLineAsync()).TrimStart('0'));
        Assert.Equal("first", Encoding.ASCII.GetString(await connection.ReadExactlyAsync(5)));
        firstChunkSeen.SetResult();
        Assert.Equal("", await connection.ReadLineAsync());
        var (rest, _, _) = await connection.ReadChunkedBodyAsync();
        Assert.Equal("second", Encoding.ASCII.GetString(rest));
        await connection.AcceptReportAsync();
    }

    [Fact]
    public async Task Handler_that_throws_before_writing_is_reported_through_error_with_the_error_document()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (request, response, context) =>
            throw new InvalidOperationException("no database"));

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-err", "{}");

        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-err/error HTTP/1.1\r\n", head);
        Assert.Contains("\r\nLambda-Runtime-Function-Error-Type: Function.UnhandledException\r\n", head);
        Assert.Contains("\r\nContent-Type: application/json\r\n", head);
        var body = await connection.ReadExactlyAsync(ContentLength(head));
        var error = JsonDocument.Parse(body).RootElement;
        Assert.Equal("no database", error.GetProperty("errorMessage").GetString());
        Assert.Equal("System.InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Equal(JsonValueKind.Array, error.GetProperty("stackTrace").ValueKind);
        await connection.AcceptReportAsync();

        // Nothing was streamed, so the connection stays usable for the next poll.
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await connection.ReadHeadAsync());
    }

    [Fact]
    public async Task Handler_that_throws_after_writing_but_before_flushing_sends_no_response_bytes_only_an_error()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (request, response, context) =>
        {
            var span = response.GetSpan(5);
            "never"u8.CopyTo(span);
            response.Advance(5);
            throw new FormatException("bad input");
        });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-unsent", "{}");

        // The half-built POST sat in the connection's buffer and is dropped with the connection, never sent.
        Assert.Equal(0, await connection.ReadToEndAsync());
        var fresh = await server.AcceptAsync();
        var head = await fresh.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-unsent/error HTTP/1.1\r\n", head);
        var error = JsonDocument.Parse(await fresh.ReadExactlyAsync(ContentLength(head))).RootElement;
        Assert.Equal("System.FormatException", error.GetProperty("errorType").GetString());
        await fresh.AcceptReportAsync();
    }

    [Fact]
    public async Task Handler_that_throws_after_bytes_left_ends_the_stream_with_error_trailers()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
        {
            await response.WriteAsync("partial"u8.ToArray());
            throw new TimeoutException("upstream stalled");
        });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-trailers", "{}");
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-trailers/response HTTP/1.1\r\n", await connection.ReadHeadAsync());
        var (data, _, trailers) = await connection.ReadChunkedBodyAsync();
        Assert.Equal("partial", Encoding.ASCII.GetString(data));

        Assert.Equal(2, trailers.Count);
        Assert.Equal("Lambda-Runtime-Function-Error-Type: Function.UnhandledException", trailers[0]);
        const string bodyPrefix = "Lambda-Runtime-Function-Error-Body: ";
        Assert.StartsWith(bodyPrefix, trailers[1]);
        var error = JsonDocument.Parse(Convert.FromBase64String(trailers[1][bodyPrefix.Length..])).RootElement;
        Assert.Equal("upstream stalled", error.GetProperty("errorMessage").GetString());
        Assert.Equal("System.TimeoutException", error.GetProperty("errorType").GetString());
        await connection.AcceptReportAsync();
    }

    [Fact]
    public async Task Handler_that_writes_nothing_sends_an_empty_streamed_body()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (request, response, context) => Task.CompletedTask);

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-empty", "{}");
        var head = await connection.ReadHeadAsync();
        Assert.Contains("Content-Type: application/octet-stream\r\n", head);
        Assert.Equal("0", await connection.ReadLineAsync());
        Assert.Equal("", await connection.ReadLineAsync());
        await connection.AcceptReportAsync();
    }

    internal static int ContentLength(string? head)
    {
        Assert.NotNull(head);
        var line = head.Split("\r\n").Single(l => l.StartsWith("Content-Length: ", StringComparison.OrdinalIgnoreCase));
        return int.Parse(line["Content-Length: ".Length..]);
    }
}
