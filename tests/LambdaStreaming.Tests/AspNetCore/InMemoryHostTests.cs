using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LambdaStreaming.AspNetCore;
using LambdaStreaming.AspNetCore.Testing;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;
using LambdaStreaming.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>
/// LambdaStreaming.AspNetCore.Testing: an app on the Lambda host unit-tested in memory. The same pipeline code the host
/// runs on the runtime (LambdaApplicationHandler) answers each event, so what is recorded is what Lambda would get.
/// </summary>
public sealed class InMemoryHostTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private LambdaTestServer _server = null!;

    public async Task InitializeAsync()
    {
        var builder = LambdaWebApplication.CreateSlimBuilder([], LambdaEventSource.FunctionUrl);
        builder.Logging.ClearProviders();
        // The event source comes from the app's own builder.
        builder.Services.AddLambdaTestServer();
        _app = builder.Build();
        _app.MapGet("/hello", () => "hi");
        _app.MapGet("/who", (HttpContext context) => $"{context.GetLambdaContext()!.AwsRequestId} {context.TraceIdentifier}");
        _app.MapGet("/events", (CancellationToken cancellationToken) => TypedResults.ServerSentEvents(Ticks(3, cancellationToken)));
        _app.MapGet("/early-failure", string () => throw new InvalidOperationException("before any byte"));
        _app.MapGet("/late-failure", async (HttpContext context) =>
        {
            await context.Response.WriteAsync("partial");
            await context.Response.Body.FlushAsync();
            throw new InvalidOperationException("after the first byte");
        });
        await _app.StartAsync();
        _server = _app.Services.GetRequiredService<LambdaTestServer>();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_request_is_answered_with_its_prelude_and_body()
    {
        var record = await _server.InvokeAsync(Get("/hello"));

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal(200, record.Prelude!.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", record.Prelude.Headers["content-type"]);
        Assert.Equal("hi", record.BodyText);
    }

    [Fact]
    public async Task The_test_context_is_the_request_s_Lambda_context()
    {
        var record = await _server.InvokeAsync(Get("/who"), new TestLambdaContext { AwsRequestId = "request-7" });

        Assert.Equal("request-7 request-7", record.BodyText);
    }

    [Fact]
    public async Task Server_sent_events_leave_one_chunk_per_event()
    {
        var record = await _server.InvokeAsync(Get("/events"));

        Assert.Equal(["tick 1", "tick 2", "tick 3"], record.ServerSentEvents().Select(item => item.Data));
        // One flush per event; the first also carries the prelude, which starts the response.
        Assert.Equal(["tick 1", "tick 2", "tick 3"], record.Chunks.Select(chunk => Assert.Single(SseItemsOf(chunk, record))));
    }

    [Fact]
    public async Task An_exception_before_the_response_starts_is_a_logged_500()
    {
        var record = await _server.InvokeAsync(Get("/early-failure"));

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal(500, record.Prelude!.StatusCode);
        Assert.Contains(record.Logs, line => line.Level == LambdaStreaming.LogLevel.Error && line.Message.Contains("before any byte", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_exception_after_bytes_left_ends_the_stream_with_error_trailers()
    {
        var record = await _server.InvokeAsync(Get("/late-failure"));

        Assert.Equal(ResponseOutcome.StreamWithErrorTrailers, record.Outcome);
        Assert.Equal("partial", record.BodyText);
        Assert.Equal("after the first byte", record.ErrorMessage);
    }

    [Fact]
    public async Task An_event_of_another_shape_is_an_invocation_error_naming_the_source_expected()
    {
        var record = await _server.InvokeAsync("""{"httpMethod":"GET","path":"/hello"}""");

        Assert.Equal(ResponseOutcome.Error, record.Outcome);
        Assert.Contains("LambdaEventSource.FunctionUrl", record.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buffered_REST_app_is_served_with_its_own_settings_and_answers_the_response_document()
    {
        var builder = LambdaWebApplication.CreateSlimBuilder([], LambdaEventSource.RestApi, options => options.ResponseMode = LambdaResponseMode.Buffered);
        builder.Logging.ClearProviders();
        builder.Services.AddLambdaTestServer();
        await using var app = builder.Build();
        app.MapGet("/where", (HttpContext context) => $"{context.Request.PathBase}|{context.Request.Path}");
        await app.StartAsync();
        var request = new ApiGatewayProxyRequest { HttpMethod = "GET", Path = "/where" };
        // As API Gateway sends it: the stage in requestContext.path, not in path.
        request.RequestContext.Stage = "prod";
        request.RequestContext.Path = "/prod/where";

        var server = app.Services.GetRequiredService<LambdaTestServer>();
        Assert.Equal((LambdaEventSource.RestApi, LambdaResponseMode.Buffered), (server.EventSource, server.ResponseMode));
        var record = await server.InvokeAsync(request);

        Assert.Equal(ResponseOutcome.Response, record.Outcome);
        using var document = JsonDocument.Parse(record.Body);
        Assert.Equal(200, document.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("/prod|/where", document.RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Invoking_before_the_app_started_says_what_to_do()
    {
        var server = new LambdaTestServer(LambdaEventSource.FunctionUrl);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => server.InvokeAsync(Get("/hello")));
        Assert.StartsWith("The app has not started: call app.StartAsync()", refused.Message);
    }

    // The SSE items of one chunk (for the first, after the prelude).
    private static IEnumerable<string> SseItemsOf(RecordedChunk chunk, InvocationRecord record)
    {
        var bytes = chunk.Bytes;
        if (record.Chunks[0].Bytes.Equals(bytes))
        {
            bytes = bytes[(record.Payload.Length - record.Body.Length)..];
        }
        return SseParser.Create(new MemoryStream(bytes.ToArray())).Enumerate().Select(item => item.Data).ToList();
    }

    private static FunctionUrlRequest Get(string path)
    {
        var request = new FunctionUrlRequest { RawPath = path };
        request.RequestContext.Http.Method = "GET";
        request.RequestContext.Http.Path = path;
        return request;
    }

    private static async IAsyncEnumerable<SseItem<string>> Ticks(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 1; i <= count; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new SseItem<string>($"tick {i}", "tick");
        }
    }
}
