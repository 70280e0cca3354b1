namespace SseClock;

/// <summary>The first event of every stream.</summary>
public sealed record Welcome(string Message);
