using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

public sealed class LogLineTests
{
    [Fact]
    public async Task Each_invocation_ends_with_one_greppable_log_line()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();
        await emulator.Function.PostResponseAsync(next.RequestId, "hello", "text/plain").Within();
        await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        (await invoke.Within()).Dispose();

        var line = Assert.Single(emulator.Log.Split('\n'), l => l.Contains(" invocation ", StringComparison.Ordinal));
        Assert.Matches(
            $@"^\[emulator\] invocation {next.RequestId} outcome=Response ttfb_ms=\d+\.\d{{3}} duration_ms=\d+\.\d{{3}} bytes=5 content_type=""text/plain; charset=utf-8""\r?$",
            line);
    }
}
