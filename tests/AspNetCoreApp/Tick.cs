namespace AspNetCoreApp;

/// <summary>One update of a stream.</summary>
internal sealed record Tick(int Number, string Message);
