namespace ApiGatewayMixed;

/// <summary>One streamed event.</summary>
public sealed record Chunk(string Message, string Timestamp);
