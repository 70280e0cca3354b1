namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>The HTTP suite against the same app on Lambda: the LambdaStreaming host behind the emulator's Function URL front.</summary>
public sealed class OnLambdaTests(LambdaAppHost host) : AspNetCoreHttpSuite<LambdaAppHost>(host), IClassFixture<LambdaAppHost>;
