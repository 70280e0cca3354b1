using System.Text.Json;
using LambdaStreaming.AspNetCore;
using LambdaStreaming.AspNetCore.Testing;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCoreSse.Tests;

/// <summary>The sample on the Lambda host, in memory: each Function URL event runs through its pipeline.</summary>
public sealed class SseAppTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private LambdaTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _app = SseApp.Build([], services => services.AddLambdaTestServer(LambdaEventSource.FunctionUrl));
        await _app.StartAsync();
        _server = _app.Services.GetRequiredService<LambdaTestServer>();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_root_serves_the_page()
    {
        var record = await _server.InvokeAsync(Request("GET", "/"));

        Assert.Equal(200, record.Prelude!.StatusCode);
        Assert.Equal("text/html; charset=utf-8", record.Prelude.Headers["content-type"]);
        Assert.Contains("EventSource", record.BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/stream")]
    [InlineData("POST", "/sse")]
    public async Task Both_routes_send_the_welcome_then_the_updates_each_in_a_chunk_of_its_own(string method, string path)
    {
        var record = await _server.InvokeAsync(Request(method, path, "count=2&intervalMs=0"));

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        var events = record.ServerSentEvents();
        Assert.Equal(["welcome", "update", "update"], events.Select(item => item.EventType));
        Assert.Equal("connected", JsonDocument.Parse(events[0].Data).RootElement.GetProperty("message").GetString());
        Assert.Equal(["1", "2"], events.Skip(1).Select(item => item.EventId));
        // One chunk per event: the welcome (after the prelude, in the same flush), then each update.
        Assert.Equal(3, record.Chunks.Count);
    }

    private static FunctionUrlRequest Request(string method, string path, string query = "")
    {
        var request = new FunctionUrlRequest { RawPath = path, RawQueryString = query };
        request.RequestContext.Http.Method = method;
        request.RequestContext.Http.Path = path;
        return request;
    }
}
