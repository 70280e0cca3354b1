using LambdaStreaming.Emulator.Front;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>The HTTP suite against the test app on Lambda: its AOT bootstrap behind the emulator's streaming Function URL front.</summary>
public sealed class OnLambdaTests(OnLambdaTests.Fixture host) : AspNetCoreHttpSuite<LambdaAppHost>(host.App), IClassFixture<OnLambdaTests.Fixture>
{
    /// <summary>The app on Lambda behind a streaming Function URL.</summary>
    public sealed class Fixture() : LambdaAppFixture(FrontKind.FunctionUrl, buffered: false);
}
