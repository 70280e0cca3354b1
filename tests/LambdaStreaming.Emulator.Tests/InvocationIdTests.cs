using System.Net;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>
/// <c>Lambda-Runtime-Invocation-Id</c>, as Lambda now sends it with <c>next</c>: a report that echoes another id is
/// refused; one that echoes the right id, or none (older runtimes, AWS's Node.js RIC), is accepted.
/// </summary>
public sealed class InvocationIdTests
{
    [Theory]
    [InlineData("right", HttpStatusCode.Accepted)]
    [InlineData("none", HttpStatusCode.Accepted)]
    [InlineData("wrong", HttpStatusCode.Forbidden)]
    public async Task A_report_must_echo_the_invocation_id_it_was_given_if_it_echoes_one(string echo, HttpStatusCode expected)
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();
        var invocationId = next.Header("Lambda-Runtime-Invocation-Id");
        Assert.True(Guid.TryParse(invocationId, out _));

        var content = new StringContent("done");
        if (echo != "none")
        {
            content.Headers.Add("Lambda-Runtime-Invocation-Id", echo == "right" ? invocationId : Guid.NewGuid().ToString());
        }
        using var reply = await emulator.Function.PostResponseAsync(next.RequestId, content).Within();

        Assert.Equal(expected, reply.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Equal(RejectionReason.InvocationIdMismatch, Assert.Single(emulator.Ledger.RejectedReports).Reason);
            using var error = await emulator.Function.PostErrorAsync(next.RequestId, "Function.X", "{}").Within();
            Assert.Equal(HttpStatusCode.Accepted, error.StatusCode);
        }
        using var response = await invoke.Within();
        Assert.Equal(invocationId, (await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within()).InvocationId);
    }
}
