using System.Net;
using System.Text.Json;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LambdaStreaming.Emulator.Tests;

public sealed class TimeoutTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);

    // On a fake clock: its timers fire inside Advance, so "not yet" is checked right after an advance.
    [Fact]
    public async Task A_silent_function_times_out_at_the_timeout_not_a_millisecond_earlier_and_its_late_report_is_refused()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await TestEmulator.StartAsync(options =>
        {
            options.Timeout = ShortTimeout;
            options.TimeProvider = clock;
        });
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();
        Assert.Equal((clock.GetUtcNow() + ShortTimeout).ToUnixTimeMilliseconds().ToString(), next.Header("Lambda-Runtime-Deadline-Ms"));

        clock.Advance(ShortTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Empty(emulator.Ledger.Completed);
        Assert.False(invoke.IsCompleted, "answered a millisecond before the timeout");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        using var response = await invoke.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Sandbox.Timedout", error.RootElement.GetProperty("errorType").GetString());
        Assert.EndsWith($"{next.RequestId} Task timed out after 0.50 seconds", error.RootElement.GetProperty("errorMessage").GetString());

        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.Timeout, record.Outcome);
        Assert.Equal("Sandbox.Timedout", record.ErrorType);

        using var late = await emulator.Function.PostResponseAsync(next.RequestId, "too late").Within();
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
    }

    // Through the Function URL front, which streams (the Invoke API buffers: a timeout there is a whole error document).
    [Theory]
    [InlineData("more")] // more bytes, then the end: refused while the body still streams in
    [InlineData("")] // only the end: the report was admitted before the timeout, so its finish is refused
    public async Task A_timeout_after_bytes_were_sent_aborts_the_invoker_and_refuses_the_rest(string late)
    {
        // Long enough for the first piece to get through even on a loaded machine; the timeout must come after it.
        await using var emulator = await TestEmulator.StartAsync(options => options.Timeout = TimeSpan.FromSeconds(2));
        var invoke = emulator.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/stream"));
        var next = await emulator.Function.NextAsync().Within();
        var body = new PushContent("text/plain");
        var post = emulator.Function.PostResponseAsync(next.RequestId, body, streaming: true);
        body.Write("partial");

        using var response = await invoke.Within();
        var stream = await response.Content.ReadAsStreamAsync();
        Assert.Equal("partial", await stream.ReadTextAsync(7));
        await Assert.ThrowsAnyAsync<IOException>(() => stream.ReadToEndTextAsync());

        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.Timeout, record.Outcome);
        Assert.Equal(7, record.ResponseBytes);

        if (late.Length > 0)
        {
            body.Write(late);
        }
        body.Complete();

        Assert.Equal(HttpStatusCode.Forbidden, (await post.Within()).StatusCode);
        var rejected = Assert.Single(await emulator.Ledger.WaitForRejectedReportsAsync(1).Within());
        Assert.Equal(RejectionReason.Duplicate, rejected.Reason);
        Assert.Equal(InvocationOutcome.Timeout, Assert.Single(emulator.Ledger.Completed).Outcome);
    }
}
