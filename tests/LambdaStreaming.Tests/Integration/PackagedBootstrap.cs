namespace LambdaStreaming.Tests.Integration;

/// <summary><c>samples/ChunkedText</c> packaged as it would be deployed.</summary>
public sealed class PackagedBootstrap() : PackagedSample("samples/ChunkedText");

/// <summary>The tests that run <c>samples/ChunkedText</c>'s x86_64 bootstrap share one publish of it.</summary>
[CollectionDefinition(Name)]
public sealed class ChunkedTextAotCollection : ICollectionFixture<PackagedBootstrap>
{
    public const string Name = "ChunkedText AOT bootstrap";
}
