using System.Text.Json;

namespace LambdaStreaming.Tests.Support;

/// <summary>What the Express example's <c>GET /stream</c> must send, in both of its ports: numbered chunks as they are made, then <c>event: end</c>.</summary>
internal static class ChunkStreamAssertions
{
    public static async Task AssertChunksThenEndAsync(HttpResponseMessage response, int count)
    {
        var events = await SseClient.ReadAllAsync(await response.Content.ReadAsStreamAsync()).WithGuard();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(count + 1, events.Count);
        var chunks = events.Take(count).Select(e => JsonDocument.Parse(e.Item.Data).RootElement).ToList();
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"Chunk #{i}"), chunks.Select(c => c.GetProperty("message").GetString()));
        var made = chunks.Select(c => DateTimeOffset.Parse(c.GetProperty("timestamp").GetString()!)).ToList();
        // Streamed, not buffered: the first chunk reached the client before the function made the last one (a
        // buffered response arrives whole after it). One pair, not each: a loaded machine may stall one delivery.
        Assert.True(events[0].ReceivedAt < made[^1], $"chunk 1 arrived at {events[0].ReceivedAt:O}, after chunk {count} was made at {made[^1]:O}");
        Assert.Equal("end", events[count].Item.EventType);
        Assert.Equal("Stream finished", events[count].Item.Data);
    }
}
