using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Max_concurrency_two_hands_out_two_invocations_at_once_but_not_three()
    {
        await using var emulator = await TestEmulator.StartAsync(options => options.MaxConcurrency = 2);
        var invokes = Enumerable.Range(0, 3).Select(i => emulator.InvokeAsync($"{i}")).ToArray();
        await emulator.Ledger.WaitForQueuedAsync(3).Within();

        var first = await emulator.Function.NextAsync().Within();
        var second = await emulator.Function.NextAsync().Within();
        var third = emulator.Function.NextAsync();
        await emulator.Ledger.WaitForNextRequestsAsync(3).Within();
        Assert.False(third.IsCompleted);

        await emulator.Function.PostResponseAsync(first.RequestId, "1").Within();
        var thirdInvocation = await third.Within();
        await emulator.Function.PostResponseAsync(second.RequestId, "2").Within();
        await emulator.Function.PostResponseAsync(thirdInvocation.RequestId, "3").Within();
        await Task.WhenAll(invokes).Within();

        var firstRecord = await emulator.Ledger.WaitForOutcomeAsync(first.RequestId).Within();
        var secondRecord = await emulator.Ledger.WaitForOutcomeAsync(second.RequestId).Within();
        var thirdRecord = await emulator.Ledger.WaitForOutcomeAsync(thirdInvocation.RequestId).Within();

        // Two were out together; the third only went out once the first had its outcome.
        Assert.True(secondRecord.NextWrittenTimestamp < firstRecord.EndTimestamp);
        Assert.True(thirdRecord.NextWrittenTimestamp > firstRecord.EndTimestamp);
    }
}
