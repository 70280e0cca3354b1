using LambdaStreaming.Emulator.Front;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>The HTTP suite with the host in buffered mode behind a BUFFERED Function URL: response documents, not streams.</summary>
public sealed class OnBufferedFunctionUrlTests(OnBufferedFunctionUrlTests.Fixture host) : AspNetCoreHttpSuite<LambdaAppHost>(host.App), IClassFixture<OnBufferedFunctionUrlTests.Fixture>
{
    /// <summary>The app on Lambda in buffered mode.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public LambdaAppHost App { get; } = new(FrontKind.FunctionUrl, buffered: true);

        public Task InitializeAsync() => App.InitializeAsync();

        public Task DisposeAsync() => App.DisposeAsync();
    }
}
