using LambdaStreaming.Emulator.Front;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>A class fixture that starts the test app on Lambda behind one front, in one response mode, for a test class.</summary>
public abstract class LambdaAppFixture(FrontKind front, bool buffered = false) : IAsyncLifetime
{
    public LambdaAppHost App { get; } = new(front, buffered);

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync();
}
