using System.Net.ServerSentEvents;

namespace LambdaStreaming.Tests.Support;

/// <summary>An SSE event as a client parsed it, with the moment it was parsed.</summary>
internal sealed record TimedSseItem(SseItem<string> Item, DateTimeOffset ReceivedAt);
