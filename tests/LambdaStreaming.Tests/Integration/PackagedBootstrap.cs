namespace LambdaStreaming.Tests.Integration;

/// <summary><c>samples/ChunkedText</c> packaged as it would be deployed.</summary>
public sealed class PackagedBootstrap() : PackagedSample("samples/ChunkedText");
