using LambdaStreaming.Emulator.Front;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>The HTTP suite against the test app on Lambda: the host in buffered mode behind a REST API that does not stream (payload 1.0 documents).</summary>
public sealed class OnBufferedRestApiTests(OnBufferedRestApiTests.Fixture host) : AspNetCoreHttpSuite<LambdaAppHost>(host.App), IClassFixture<OnBufferedRestApiTests.Fixture>
{
    /// <summary>The app on Lambda in buffered mode behind the REST front.</summary>
    public sealed class Fixture() : LambdaAppFixture(FrontKind.RestApi, buffered: true);
}
