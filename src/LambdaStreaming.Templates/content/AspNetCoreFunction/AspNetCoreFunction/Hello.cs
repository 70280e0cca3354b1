namespace AspNetCoreFunction;

/// <summary>What GET /hello answers.</summary>
public sealed record Hello(string Message);
