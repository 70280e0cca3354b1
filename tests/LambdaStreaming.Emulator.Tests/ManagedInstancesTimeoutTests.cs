using System.Net;
using System.Text.Json;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>
/// Lambda Managed Instances (<c>--max-concurrency</c> above 1): a timed-out invocation fails for its invoker, its
/// late report gets 410 Gone, and the environment lives on for the invocations it is still running.
/// </summary>
public sealed class ManagedInstancesTimeoutTests
{
    [Fact]
    public async Task A_late_report_gets_410_and_the_other_invocation_still_completes()
    {
        var clock = new FakeTimeProvider();
        await using var emulator = await TestEmulator.StartAsync(options =>
        {
            options.MaxConcurrency = 2;
            options.Timeout = TimeSpan.FromMilliseconds(500);
            options.TimeProvider = clock;
        });
        var slowInvoke = emulator.InvokeAsync("""{"which":"slow"}""");
        var slow = await emulator.Function.NextAsync().Within();
        clock.Advance(TimeSpan.FromMilliseconds(500));
        using var slowResponse = await slowInvoke.Within();
        using var error = JsonDocument.Parse(await slowResponse.Content.ReadAsStringAsync());
        Assert.Equal("Sandbox.Timedout", error.RootElement.GetProperty("errorType").GetString());
        var timedOut = await emulator.Ledger.WaitForOutcomeAsync(slow.RequestId).Within();
        Assert.Equal(InvocationOutcome.Timeout, timedOut.Outcome);

        // The environment serves on while the function still holds the timed-out invocation.
        var otherInvoke = emulator.InvokeAsync("""{"which":"other"}""");
        var other = await emulator.Function.NextAsync().Within();

        using var late = await emulator.Function.PostResponseAsync(slow.RequestId, "too late").Within();
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        using var lateError = await emulator.Function.PostErrorAsync(slow.RequestId, "Function.Late", "{}").Within();
        Assert.Equal(HttpStatusCode.Gone, lateError.StatusCode);
        Assert.All(emulator.Ledger.RejectedReports, rejected => Assert.Equal(RejectionReason.TimedOut, rejected.Reason));

        var otherAccepted = await emulator.Function.PostResponseAsync(other.RequestId, "done").Within();
        Assert.Equal(HttpStatusCode.Accepted, otherAccepted.StatusCode);
        using var otherResponse = await otherInvoke.Within();
        Assert.Equal("done", await otherResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task On_demand_a_late_report_is_refused_as_a_duplicate_not_gone()
    {
        var clock = new FakeTimeProvider();
        await using var emulator = await TestEmulator.StartAsync(options =>
        {
            options.Timeout = TimeSpan.FromMilliseconds(300);
            options.TimeProvider = clock;
        });
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();
        clock.Advance(TimeSpan.FromMilliseconds(300));
        using var response = await invoke.Within();
        await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();

        using var late = await emulator.Function.PostResponseAsync(next.RequestId, "too late").Within();
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
    }

    [UnixFact]
    public async Task The_function_process_is_not_killed_when_one_invocation_times_out()
    {
        // Takes the first invocation and never answers it; then serves one more on a second connection, taking 300 ms
        // over it, so an environment killed at the first one's timeout could not have answered.
        const string function =
            "api=${AWS_LAMBDA_RUNTIME_API}; host=${api%:*}; port=${api#*:}; " +
            "exec 3<>/dev/tcp/$host/$port; printf 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' >&3; read -r first <&3; " +
            "exec 4<>/dev/tcp/$host/$port; printf 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' >&4; " +
            "while IFS= read -r line <&4; do line=${line%$'\\r'}; case $line in Lambda-Runtime-Aws-Request-Id:*) id=${line#*: };; '') break;; esac; done; " +
            "sleep 0.3; exec 5<>/dev/tcp/$host/$port; " +
            "printf \"POST /2018-06-01/runtime/invocation/$id/response HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5\\r\\n\\r\\nlater\" >&5; " +
            "read -r status <&5; sleep 60";
        await using var emulator = await TestEmulator.StartAsync(options =>
        {
            options.FunctionCommand = ["/bin/bash", "-c", function];
            options.MaxConcurrency = 2;
            options.Timeout = TimeSpan.FromMilliseconds(500);
        });
        await emulator.Ledger.WaitForNextRequestsAsync(1).Within();
        var processId = emulator.Host.FunctionProcessId;
        Assert.NotNull(processId);

        using var first = await emulator.InvokeAsync("{}").Within();
        Assert.Equal("Unhandled", first.Headers.GetValues("X-Amz-Function-Error").Single());
        using var second = await emulator.InvokeAsync("{}").Within();

        Assert.Equal("later", await second.Content.ReadAsStringAsync());
        Assert.Equal(processId, emulator.Host.FunctionProcessId);
        Assert.Empty(emulator.Ledger.ProcessExits);
        Assert.DoesNotContain("killed by the emulator", emulator.Log);
    }
}
