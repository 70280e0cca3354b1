using System.Net;
using System.Text.Json;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

public sealed class RequestIdTests
{
    [Fact]
    public async Task A_second_report_for_the_same_invocation_is_refused_and_counted()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();
        await emulator.Function.PostResponseAsync(next.RequestId, "once").Within();

        using var again = await emulator.Function.PostResponseAsync(next.RequestId, "twice").Within();
        using var error = await emulator.Function.PostErrorAsync(next.RequestId, "Function.Late", "{}").Within();

        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Equal("InvalidRequestID", await ErrorTypeOf(again));
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        var rejected = await emulator.Ledger.WaitForRejectedReportsAsync(2).Within();
        Assert.All(rejected, report => Assert.Equal(RejectionReason.Duplicate, report.Reason));
        Assert.Equal($"/2018-06-01/runtime/invocation/{next.RequestId}/error", rejected[1].Path);

        var record = Assert.Single(emulator.Ledger.Completed);
        Assert.Equal(InvocationOutcome.Response, record.Outcome);
        using var response = await invoke.Within();
        Assert.Equal("once", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_and_malformed_request_ids_are_refused()
    {
        await using var emulator = await TestEmulator.StartAsync();

        using var unknown = await emulator.Function.PostResponseAsync(Guid.NewGuid().ToString(), "x").Within();
        using var malformed = await emulator.Function.PostErrorAsync("not-a-guid", "Function.X", "{}").Within();

        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal("InvalidRequestID", await ErrorTypeOf(unknown));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("InvalidRequestID", await ErrorTypeOf(malformed));
        var rejected = await emulator.Ledger.WaitForRejectedReportsAsync(2).Within();
        Assert.Equal([RejectionReason.UnknownRequestId, RejectionReason.MalformedRequestId], rejected.Select(r => r.Reason));
    }

    [Fact]
    public async Task A_queued_invocation_can_not_be_reported_before_it_is_handed_out()
    {
        await using var emulator = await TestEmulator.StartAsync();
        _ = emulator.InvokeAsync("{}");
        var requestId = (await emulator.Ledger.WaitForQueuedAsync(1).Within()).Single();

        using var early = await emulator.Function.PostResponseAsync(requestId, "psychic").Within();

        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        Assert.Equal(RejectionReason.UnknownRequestId, (await emulator.Ledger.WaitForRejectedReportsAsync(1).Within()).Single().Reason);
    }

    private static async Task<string?> ErrorTypeOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("errorType").GetString();
    }
}
