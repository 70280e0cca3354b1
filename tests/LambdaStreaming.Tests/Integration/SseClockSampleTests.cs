using System.Net;
using System.Text.Json;
using LambdaStreaming.Emulator;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary><c>samples/SseClock</c> as a real process behind the emulator's Function URL front.</summary>
public sealed class SseClockSampleTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task The_stream_is_a_welcome_then_numbered_updates_delivered_as_they_are_made()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("SseClock"));

        using var response = await Http.GetAsync(new Uri(emulator.HttpAddress, "stream?count=4&intervalMs=400"), HttpCompletionOption.ResponseHeadersRead).WithGuard();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        var events = await SseClient.ReadAllAsync(await response.Content.ReadAsStreamAsync()).WithGuard();

        Assert.Equal(5, events.Count);
        Assert.Equal("message", events[0].Item.EventType);
        Assert.Equal("connected", JsonDocument.Parse(events[0].Item.Data).RootElement.GetProperty("message").GetString());
        var updates = events.Skip(1).ToList();
        Assert.All(updates, u => Assert.Equal("update", u.Item.EventType));
        Assert.Equal(["1", "2", "3", "4"], updates.Select(u => u.Item.EventId));
        var made = updates.Select(u => DateTimeOffset.Parse(JsonDocument.Parse(u.Item.Data).RootElement.GetProperty("timestamp").GetString()!)).ToList();
        foreach (var update in updates)
        {
            var body = JsonDocument.Parse(update.Item.Data).RootElement;
            Assert.InRange(body.GetProperty("randomValue").GetInt32(), 0, 99);
            Assert.StartsWith("Current time ", body.GetProperty("message").GetString());
        }

        // Streamed, not buffered: the first update reached the client before the function made the last one (a
        // buffered response arrives whole after it). One pair, not each: a loaded machine may stall one delivery.
        Assert.True(updates[0].ReceivedAt < made[^1], $"update 1 arrived at {updates[0].ReceivedAt:O}, after update {updates.Count} was made at {made[^1]:O}");
    }

    [Fact]
    public async Task A_reconnecting_client_continues_after_its_Last_Event_ID()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("SseClock"));
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.HttpAddress, "stream?count=2&intervalMs=0"));
        request.Headers.Add("Last-Event-ID", "41");

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WithGuard();
        var events = await SseClient.ReadAllAsync(await response.Content.ReadAsStreamAsync()).WithGuard();

        Assert.Equal(["42", "43"], events.Skip(1).Select(e => e.Item.EventId));
    }

    [Fact]
    public async Task The_root_serves_the_page_that_opens_the_stream()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("SseClock"));

        using var response = await Http.GetAsync(emulator.HttpAddress).WithGuard();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("new EventSource('stream' + location.search)", await response.Content.ReadAsStringAsync());
    }
}
