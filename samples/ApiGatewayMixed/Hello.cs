using System.Text.Json.Serialization;

namespace ApiGatewayMixed;

/// <summary>The buffered answer of <c>GET /hello</c>.</summary>
public sealed record Hello(string Message, string Timestamp, [property: JsonPropertyName("streaming_enabled")] bool StreamingEnabled);
