using System.Net;
using System.Text.Json;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary><c>samples/ApiGatewayMixed</c> as a real process behind the emulator's REST API front.</summary>
public sealed class ApiGatewayMixedSampleTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Stream_sends_numbered_chunks_as_they_are_made_then_an_end_event()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("ApiGatewayMixed"), front: FrontKind.RestApi);

        using var response = await Http.GetAsync(new Uri(emulator.HttpAddress, "stream?count=3&intervalMs=400"), HttpCompletionOption.ResponseHeadersRead).WithGuard();
        var events = await SseClient.ReadAllAsync(await response.Content.ReadAsStreamAsync()).WithGuard();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(4, events.Count);
        var chunks = events.Take(3).Select(e => JsonDocument.Parse(e.Item.Data).RootElement).ToList();
        Assert.Equal(["Chunk #1", "Chunk #2", "Chunk #3"], chunks.Select(c => c.GetProperty("message").GetString()));
        var made = chunks.Select(c => DateTimeOffset.Parse(c.GetProperty("timestamp").GetString()!)).ToList();
        // Streamed, not buffered: the first chunk reached the client before the function made the last one (a
        // buffered response arrives whole after it). One pair, not each: a loaded machine may stall one delivery.
        Assert.True(events[0].ReceivedAt < made[^1], $"chunk 1 arrived at {events[0].ReceivedAt:O}, after chunk 3 was made at {made[^1]:O}");

        Assert.Equal("end", events[3].Item.EventType);
        Assert.Equal("Stream finished", events[3].Item.Data);
    }

    [Fact]
    public async Task Hello_answers_with_buffered_json()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("ApiGatewayMixed"), front: FrontKind.RestApi);

        using var response = await Http.GetAsync(new Uri(emulator.HttpAddress, "hello")).WithGuard();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var hello = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Hello from .NET on Lambda!", hello.GetProperty("message").GetString());
        Assert.True(hello.GetProperty("streaming_enabled").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(hello.GetProperty("timestamp").GetString(), out _));
    }

    [Fact]
    public async Task Other_routes_are_a_json_404()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("ApiGatewayMixed"), front: FrontKind.RestApi);

        using var response = await Http.DeleteAsync(new Uri(emulator.HttpAddress, "hello")).WithGuard();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No route for DELETE /hello", await response.Content.ReadAsStringAsync());
    }
}
