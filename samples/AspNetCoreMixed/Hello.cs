using System.Text.Json.Serialization;

namespace AspNetCoreMixed;

/// <summary>The answer of <c>GET /hello</c>, named as the Express original names it.</summary>
internal sealed record Hello(string Message, string Timestamp, [property: JsonPropertyName("streaming_enabled")] bool StreamingEnabled);
