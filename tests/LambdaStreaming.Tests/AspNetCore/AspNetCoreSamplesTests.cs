using System.Net;
using System.Text.Json;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Tests.Browser;
using LambdaStreaming.Tests.Integration;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>
/// The two ASP.NET Core samples as real processes behind the emulator: samples/AspNetCoreSse behind the Function URL
/// front (also in a real browser), samples/AspNetCoreMixed behind the REST front.
/// </summary>
public sealed class AspNetCoreSamplesTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>
{
    private static readonly HttpClient Http = new();

    [Theory]
    [InlineData("GET", "stream")]
    [InlineData("POST", "sse")]
    public async Task AspNetCoreSse_sends_the_welcome_then_the_updates_as_they_are_made(string method, string path)
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("AspNetCoreSse"));

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(emulator.HttpAddress, $"{path}?count=3&intervalMs=400"));
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WithGuard();
        var events = await SseClient.ReadAllAsync(await response.Content.ReadAsStreamAsync()).WithGuard();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["welcome", "update", "update", "update"], events.Select(e => e.Item.EventType));
        Assert.Equal("""{"message":"connected"}""", events[0].Item.Data);
        Assert.Equal(["1", "2", "3"], events.Skip(1).Select(e => e.Item.EventId));
        var made = events.Skip(1).Select(e => DateTimeOffset.Parse(JsonDocument.Parse(e.Item.Data).RootElement.GetProperty("timestamp").GetString()!)).ToList();
        Assert.True(events[1].ReceivedAt < made[^1], $"update 1 arrived at {events[1].ReceivedAt:O}, after update 3 was made at {made[^1]:O}");
    }

    [Fact]
    public async Task AspNetCoreSse_page_renders_the_updates_live_in_a_browser()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("AspNetCoreSse"));

        await ClockPageCheck.AssertRendersLiveAsync(chromium, emulator.HttpAddress);
    }

    [Fact]
    public async Task AspNetCoreMixed_streams_numbered_chunks_then_an_end_event_and_answers_hello_whole()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("AspNetCoreMixed"), front: FrontKind.RestApi);

        using var response = await Http.GetAsync(new Uri(emulator.HttpAddress, "stream?count=3&intervalMs=400"), HttpCompletionOption.ResponseHeadersRead).WithGuard();
        await ChunkStreamAssertions.AssertChunksThenEndAsync(response, 3);

        using var hello = await Http.GetAsync(new Uri(emulator.HttpAddress, "hello")).WithGuard();
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        Assert.Equal("application/json", hello.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await hello.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Hello from ASP.NET Core on Lambda!", body.GetProperty("message").GetString());
        Assert.True(body.GetProperty("streaming_enabled").GetBoolean());
    }
}
