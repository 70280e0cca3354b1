using System.Text;
using System.Text.Json;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>Buffered handlers: a whole response with a Content-Length, on a kept-alive connection.</summary>
public sealed class BufferedOutcomeTests
{
    [Fact]
    public async Task Buffered_result_is_posted_with_content_length_and_the_connection_is_reused()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, HandlerShapes.Buffered((request, context) =>
            Task.FromResult(LambdaResult.Text($"got {request.Text}"))));

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-buf", "{\"n\":1}");

        var head = await connection.ReadHeadAsync();
        Assert.Equal(
            "POST /2018-06-01/runtime/invocation/req-buf/response HTTP/1.1\r\n" +
            $"Host: {server.Authority}\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\n" +
            "Content-Length: 11\r\n\r\n", head);
        Assert.Equal("got {\"n\":1}", Encoding.UTF8.GetString(await connection.ReadExactlyAsync(11)));
        await connection.AcceptReportAsync();

        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await connection.ReadHeadAsync());
    }

    [Fact]
    public async Task Oversize_buffered_result_becomes_an_error_report()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, HandlerShapes.Buffered((request, context) =>
            Task.FromResult(LambdaResult.Bytes(new byte[LambdaResult.MaxBodyBytes + 1]))));

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-big", "{}");

        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-big/error ", head);
        Assert.Contains("Lambda-Runtime-Function-Error-Type: Function.ResponseSizeTooLarge\r\n", head);
        var error = JsonDocument.Parse(await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head))).RootElement;
        Assert.Equal(typeof(ResponseTooLargeException).FullName, error.GetProperty("errorType").GetString());
        await connection.AcceptReportAsync();
    }

    [Fact]
    public async Task Writing_to_the_stream_and_then_returning_a_buffered_result_is_an_error()
    {
        await using var server = new ScriptedServer();
        var buffered = HandlerShapes.Buffered((request, context) => Task.FromResult(LambdaResult.Text("late")));
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
        {
            await response.WriteAsync("streamed"u8.ToArray());
            await buffered(request, response, context);
        });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-mixed", "{}");
        await connection.ReadHeadAsync();
        var (_, _, trailers) = await connection.ReadChunkedBodyAsync();
        Assert.Contains("Lambda-Runtime-Function-Error-Type: Function.UnhandledException", trailers);
        await connection.AcceptReportAsync();
    }
}
