namespace AspNetCoreSse;

/// <summary>One event of the stream: the welcome (message only) or an update.</summary>
internal sealed record Update(string? Timestamp, int? RandomValue, string Message);
