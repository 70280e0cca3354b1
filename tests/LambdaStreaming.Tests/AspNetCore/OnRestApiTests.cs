using LambdaStreaming.Emulator.Front;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>The HTTP suite behind the emulator's API Gateway REST front (payload 1.0, <c>transferMode: STREAM</c>).</summary>
public sealed class OnRestApiTests(OnRestApiTests.Fixture host) : AspNetCoreHttpSuite<LambdaAppHost>(host.App), IClassFixture<OnRestApiTests.Fixture>
{
    /// <summary>The app on Lambda behind the REST front.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public LambdaAppHost App { get; } = new(FrontKind.RestApi);

        public Task InitializeAsync() => App.InitializeAsync();

        public Task DisposeAsync() => App.DisposeAsync();
    }
}
