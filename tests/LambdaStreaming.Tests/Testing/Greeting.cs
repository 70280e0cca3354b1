namespace LambdaStreaming.Tests.Testing;

/// <summary>The typed event and result of the typed handlers the in-memory host is tested with.</summary>
public sealed record Greeting(string Name);
