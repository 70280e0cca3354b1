namespace LambdaStreaming.Tests.Integration;

/// <summary><c>samples/ChunkedText</c> packaged for Graviton (<c>--arch arm64</c>), cross-compiled on this machine.</summary>
public sealed class PackagedArm64Bootstrap() : PackagedSample("samples/ChunkedText", "arm64");
