using LambdaStreaming.Tests.Integration;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary><c>samples/AspNetCoreSse</c> packaged for Graviton (<c>--arch arm64</c>), cross-compiled on this machine.</summary>
public sealed class PackagedArm64AspNetCoreSse() : PackagedSample("samples/AspNetCoreSse", "arm64");
