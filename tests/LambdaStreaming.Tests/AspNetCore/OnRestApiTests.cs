using LambdaStreaming.Emulator.Front;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>The HTTP suite against the test app on Lambda: the emulator's API Gateway REST front (payload 1.0, <c>transferMode: STREAM</c>).</summary>
public sealed class OnRestApiTests(OnRestApiTests.Fixture host) : AspNetCoreHttpSuite<LambdaAppHost>(host.App), IClassFixture<OnRestApiTests.Fixture>
{
    /// <summary>The app on Lambda behind the REST front.</summary>
    public sealed class Fixture() : LambdaAppFixture(FrontKind.RestApi, buffered: false);
}
