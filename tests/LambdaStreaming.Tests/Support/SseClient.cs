using System.Net.ServerSentEvents;

namespace LambdaStreaming.Tests.Support;

/// <summary>Reads a response body with .NET's own SSE parser, stamping each event as it arrives.</summary>
internal static class SseClient
{
    public static async Task<List<TimedSseItem>> ReadAllAsync(Stream body)
    {
        var items = new List<TimedSseItem>();
        await foreach (var item in SseParser.Create(body).EnumerateAsync())
        {
            items.Add(new TimedSseItem(item, DateTimeOffset.UtcNow));
        }

        return items;
    }
}
