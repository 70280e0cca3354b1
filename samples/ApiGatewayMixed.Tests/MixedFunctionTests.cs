using System.Text.Json;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;
using LambdaStreaming.Testing;

namespace ApiGatewayMixed.Tests;

/// <summary>The REST function's two routes, invoked in memory as API Gateway would invoke them.</summary>
public sealed class MixedFunctionTests
{
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<ApiGatewayProxyRequest> Event = HttpEventJsonContext.Default.ApiGatewayProxyRequest;

    [Fact]
    public async Task Stream_sends_each_chunk_as_an_event_then_the_end_event()
    {
        var request = Get("/stream");
        request.QueryStringParameters = new Dictionary<string, string> { ["count"] = "3", ["intervalMs"] = "0" };

        var record = await LambdaTestHost.InvokeAsync(Event, MixedFunction.HandleAsync, request);

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        var events = record.ServerSentEvents();
        Assert.Equal(["Chunk #1", "Chunk #2", "Chunk #3"], events.Take(3).Select(item => JsonDocument.Parse(item.Data).RootElement.GetProperty("message").GetString()));
        Assert.Equal(("end", "Stream finished"), (events[^1].EventType, events[^1].Data));
    }

    [Fact]
    public async Task Hello_answers_json_whole_in_one_chunk_after_its_prelude()
    {
        var record = await LambdaTestHost.InvokeAsync(Event, MixedFunction.HandleAsync, Get("/hello/"));

        Assert.Equal(200, record.Prelude!.StatusCode);
        Assert.Single(record.Chunks);
        Assert.True(JsonDocument.Parse(record.Body).RootElement.GetProperty("streaming_enabled").GetBoolean());
    }

    [Fact]
    public async Task Another_route_is_a_json_404()
    {
        var record = await LambdaTestHost.InvokeAsync(Event, MixedFunction.HandleAsync, Get("/nowhere"));

        Assert.Equal(404, record.Prelude!.StatusCode);
        Assert.Contains("No route for GET /nowhere", record.BodyText, StringComparison.Ordinal);
    }

    private static ApiGatewayProxyRequest Get(string path) => new() { HttpMethod = "GET", Path = path };
}
