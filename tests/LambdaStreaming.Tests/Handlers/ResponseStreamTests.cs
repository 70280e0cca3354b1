using System.Text;
using System.Text.Json;
using LambdaStreaming.Tests.InvocationLoop;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Handlers;

/// <summary>The handler-facing response stream: its Stream view, its rules, and its limits.</summary>
public sealed class ResponseStreamTests
{
    [Fact]
    public async Task Stream_view_sends_each_write_as_a_chunk()
    {
        var (data, chunks, trailers) = await RunStreamingAsync(async (request, response, context) =>
        {
            await using var stream = response.AsStream();
            await stream.WriteAsync("alpha"u8.ToArray());
            await stream.WriteAsync("beta"u8.ToArray());
        });

        Assert.Equal("alphabeta", Encoding.ASCII.GetString(data));
        Assert.Equal([5, 4], chunks);
        Assert.Empty(trailers);
    }

    [Fact]
    public async Task Span_writes_are_committed_in_place_and_sent_as_one_chunk_per_flush()
    {
        var (data, chunks, _) = await RunStreamingAsync(async (request, response, context) =>
        {
            for (var i = 0; i < 3; i++)
            {
                var span = response.GetSpan(2);
                span[0] = (byte)('a' + i);
                span[1] = (byte)'-';
                response.Advance(2);
            }
            await response.FlushAsync();
            Encoding.ASCII.GetBytes("end", response.GetSpan(3));
            response.Advance(3);
        });

        Assert.Equal("a-b-c-end", Encoding.ASCII.GetString(data));
        Assert.Equal([6, 3], chunks);
    }

    [Fact]
    public async Task Setting_the_content_type_after_the_body_began_fails_the_invocation_with_a_clear_message()
    {
        var (_, _, trailers) = await RunStreamingAsync(async (request, response, context) =>
        {
            await response.WriteAsync("x"u8.ToArray());
            response.ContentType = "text/html";
        });

        var error = ErrorFromTrailers(trailers);
        Assert.Equal("System.InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Contains("before the response body begins", error.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Writing_after_complete_fails_the_invocation()
    {
        var (data, _, trailers) = await RunStreamingAsync(async (request, response, context) =>
        {
            await response.WriteAsync("done"u8.ToArray());
            response.Complete();
            response.GetSpan(1);
        });

        Assert.Equal("done", Encoding.ASCII.GetString(data));
        Assert.Contains("already been completed", ErrorFromTrailers(trailers).GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Complete_with_an_exception_is_reported_like_a_thrown_one()
    {
        var (_, _, trailers) = await RunStreamingAsync(async (request, response, context) =>
        {
            await response.WriteAsync("partial"u8.ToArray());
            response.Complete(new IOException("source closed"));
        });

        Assert.Equal("source closed", ErrorFromTrailers(trailers).GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task CompleteAsync_ends_the_response_before_the_handler_returns()
    {
        var responseEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
        {
            await response.WriteAsync("early"u8.ToArray());
            await response.CompleteAsync();
            await responseEnded.Task.WithGuard();
        });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-early", "{}");
        await connection.ReadHeadAsync();
        var (data, _, _) = await connection.ReadChunkedBodyAsync();
        Assert.Equal("early", Encoding.ASCII.GetString(data));
        await connection.AcceptReportAsync();
        responseEnded.SetResult();
        Assert.Equal(0, await connection.ReadToEndAsync());
    }

    [Fact]
    public async Task Crossing_the_streamed_size_limit_ends_the_stream_with_the_size_error_type_after_exactly_the_limit()
    {
        const int limit = 10;
        var (data, _, trailers) = await RunStreamingAsync(async (request, response, context) =>
        {
            await response.WriteAsync("12345678"u8.ToArray());
            await response.WriteAsync("90abc"u8.ToArray());
        }, options => options.MaxStreamedResponseBytes = limit);

        Assert.Equal("12345678", Encoding.ASCII.GetString(data));
        Assert.Equal("Lambda-Runtime-Function-Error-Type: Function.ResponseSizeTooLarge", trailers[0]);
        Assert.Equal(typeof(ResponseTooLargeException).FullName, ErrorFromTrailers(trailers).GetProperty("errorType").GetString());
    }

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    public async Task The_streamed_size_limit_allows_exactly_the_limit_and_refuses_one_byte_more(int total)
    {
        const int limit = 10;
        var (data, _, trailers) = await RunStreamingAsync(async (request, response, context) =>
        {
            await response.WriteAsync("12345678"u8.ToArray());
            await response.WriteAsync(new byte[total - 8]);
        }, options => options.MaxStreamedResponseBytes = limit);

        if (total <= limit)
        {
            Assert.Equal(total, data.Length);
            Assert.Empty(trailers);
        }
        else
        {
            Assert.Equal(8, data.Length);
            Assert.Equal("Lambda-Runtime-Function-Error-Type: Function.ResponseSizeTooLarge", trailers[0]);
        }
    }

    [Theory]
    [InlineData("text/plain\r\nX-Injected: 1")]
    [InlineData("text/plain\nX-Injected: 1")]
    [InlineData("text/plain\0")]
    public async Task Content_type_with_CR_LF_or_NUL_is_rejected_before_anything_is_sent(string contentType)
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (request, response, context) =>
        {
            response.ContentType = contentType;
            return Task.CompletedTask;
        });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-inject", "{}");
        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-inject/error ", head);
        Assert.DoesNotContain("X-Injected", head);
        var error = JsonDocument.Parse(await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head))).RootElement;
        Assert.Equal("System.ArgumentException", error.GetProperty("errorType").GetString());
        await connection.AcceptReportAsync();
    }

    private static JsonElement ErrorFromTrailers(List<string> trailers)
    {
        const string prefix = "Lambda-Runtime-Function-Error-Body: ";
        var body = trailers.Single(t => t.StartsWith(prefix, StringComparison.Ordinal));
        return JsonDocument.Parse(Convert.FromBase64String(body[prefix.Length..])).RootElement;
    }

    private static async Task<(byte[] Data, List<int> Chunks, List<string> Trailers)> RunStreamingAsync(StreamingHandler handler, Action<LambdaRuntimeOptions>? configure = null)
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, handler, configure: configure);
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-stream", "{}");
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-stream/response ", await connection.ReadHeadAsync());
        var body = await connection.ReadChunkedBodyAsync();
        await connection.AcceptReportAsync();
        return body;
    }
}
