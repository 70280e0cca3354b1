namespace LambdaStreaming.Tests.Integration;

/// <summary><c>samples/SseClock</c> packaged as it would be deployed.</summary>
public sealed class PackagedSseClock() : PackagedSample("samples/SseClock");

/// <summary>The tests that run <c>samples/SseClock</c>'s bootstrap share one publish of it.</summary>
[CollectionDefinition(Name)]
public sealed class SseClockAotCollection : ICollectionFixture<PackagedSseClock>
{
    public const string Name = "SseClock AOT bootstrap";
}
