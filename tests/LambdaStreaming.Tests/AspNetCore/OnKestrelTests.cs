namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>The HTTP suite against the test app's bootstrap on Kestrel: what the app does as an ordinary web app.</summary>
public sealed class OnKestrelTests(KestrelAppHost host) : AspNetCoreHttpSuite<KestrelAppHost>(host), IClassFixture<KestrelAppHost>;
