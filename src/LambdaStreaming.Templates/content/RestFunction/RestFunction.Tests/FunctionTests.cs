using LambdaStreaming.Hosting;
using LambdaStreaming.Http;
using LambdaStreaming.Testing;

namespace RestFunction.Tests;

public sealed class FunctionTests
{
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<ApiGatewayProxyRequest> Event = HttpEventJsonContext.Default.ApiGatewayProxyRequest;

    [Fact]
    public async Task The_stream_route_sends_its_chunks_then_the_end_event()
    {
        var request = new ApiGatewayProxyRequest { HttpMethod = "GET", Path = "/stream", QueryStringParameters = new Dictionary<string, string> { ["count"] = "2", ["intervalMs"] = "0" } };

        var record = await LambdaTestHost.InvokeAsync(Event, Function.HandleAsync, request);

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal(["message Chunk #1", "message Chunk #2", "end done"], record.ServerSentEvents().Select(item => $"{item.EventType} {item.Data}"));
    }

    [Fact]
    public async Task The_hello_route_answers_json_in_one_chunk()
    {
        var record = await LambdaTestHost.InvokeAsync(Event, Function.HandleAsync, new ApiGatewayProxyRequest { HttpMethod = "GET", Path = "/hello" });

        Assert.Equal(200, record.Prelude!.StatusCode);
        Assert.Single(record.Chunks);
        Assert.Equal(new Hello("Hello from Lambda"), record.BodyAs(RestJson.Default.Hello));
    }

    [Fact]
    public async Task Another_route_is_a_404()
    {
        var record = await LambdaTestHost.InvokeAsync(Event, Function.HandleAsync, new ApiGatewayProxyRequest { HttpMethod = "GET", Path = "/nowhere" });

        Assert.Equal(404, record.Prelude!.StatusCode);
    }
}
