namespace AspNetCoreMixed;

/// <summary>One event of the stream.</summary>
internal sealed record Chunk(string Message, string Timestamp);
