namespace LambdaStreaming.Tests.Integration;

/// <summary><c>samples/SseClock</c> packaged as it would be deployed.</summary>
public sealed class PackagedSseClock() : PackagedSample("samples/SseClock");
