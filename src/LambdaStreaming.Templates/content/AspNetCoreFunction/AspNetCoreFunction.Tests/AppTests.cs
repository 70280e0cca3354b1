using LambdaStreaming.AspNetCore;
using LambdaStreaming.AspNetCore.Testing;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AspNetCoreFunction.Tests;

/// <summary>The app on the Lambda host, in memory: each event runs through its pipeline as it would on Lambda.</summary>
public sealed class AppTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private LambdaTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _app = App.Build([], services => services.AddLambdaTestServer(LambdaEventSource.FunctionUrl));
        await _app.StartAsync();
        _server = _app.Services.GetRequiredService<LambdaTestServer>();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Hello_answers_json()
    {
        var record = await _server.InvokeAsync(Get("/hello"));

        Assert.Equal(200, record.Prelude!.StatusCode);
        Assert.Equal(new Hello("Hello from ASP.NET Core on Lambda"), record.BodyAs(AppJson.Default.Hello));
    }

    [Fact]
    public async Task Stream_sends_its_events_one_flush_each()
    {
        var record = await _server.InvokeAsync(Get("/stream", new() { ["count"] = "3", ["intervalMs"] = "0" }));

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal(["1 tick 1 of 3", "2 tick 2 of 3", "3 tick 3 of 3"], record.ServerSentEvents().Select(item => $"{item.EventId} {item.Data}"));
        // One chunk per event (the first after the prelude, in the same flush).
        Assert.Equal(3, record.Chunks.Count);
    }

    private static FunctionUrlRequest Get(string path, Dictionary<string, string>? query = null)
    {
        var request = new FunctionUrlRequest
        {
            RawPath = path,
            RawQueryString = string.Join('&', (query ?? []).Select(pair => $"{pair.Key}={pair.Value}")),
            QueryStringParameters = query,
        };
        request.RequestContext.Http.Method = "GET";
        request.RequestContext.Http.Path = path;
        return request;
    }
}
