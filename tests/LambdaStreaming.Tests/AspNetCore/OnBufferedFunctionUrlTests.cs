using LambdaStreaming.Emulator.Front;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>The HTTP suite against the test app on Lambda: the host in buffered mode behind a BUFFERED Function URL: response documents, not streams.</summary>
public sealed class OnBufferedFunctionUrlTests(OnBufferedFunctionUrlTests.Fixture host) : AspNetCoreHttpSuite<LambdaAppHost>(host.App), IClassFixture<OnBufferedFunctionUrlTests.Fixture>
{
    /// <summary>The app on Lambda in buffered mode.</summary>
    public sealed class Fixture() : LambdaAppFixture(FrontKind.FunctionUrl, buffered: true);
}
