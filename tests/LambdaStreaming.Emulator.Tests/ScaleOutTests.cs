using System.Text.Json;
using LambdaStreaming.Emulator.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>
/// Like Lambda for an on-demand function, a request that finds every execution environment busy gets a new one (its
/// own process and Runtime API port), up to <see cref="EmulatorOptions.MaxEnvironments"/>; idle ones are reused and
/// the extra ones retired after a while. Real processes, real concurrent clients.
/// </summary>
public sealed class ScaleOutTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scale-out-tests-").FullName;

    [UnixFact]
    public async Task A_request_while_the_only_environment_is_busy_starts_a_second_one_and_idle_ones_are_reused()
    {
        await using var emulator = await StartAsync();
        var held = emulator.InvokeAsync("""{"hold":true}""");
        await emulator.Ledger.WaitForQueuedAsync(1).Within();

        // Served while the first environment still holds its invocation: only a second environment can do that.
        using var second = await emulator.InvokeAsync("{}").Within();
        var secondAnswer = Answer(await second.Content.ReadAsStringAsync());
        Release();
        using var first = await held.Within();
        var firstAnswer = Answer(await first.Content.ReadAsStringAsync());

        Assert.NotEqual(firstAnswer.Pid, secondAnswer.Pid);
        Assert.NotEqual(firstAnswer.RuntimeApi, secondAnswer.RuntimeApi);
        Assert.Equal(emulator.Host.RuntimeApiAddress, firstAnswer.RuntimeApi);
        Assert.Equal(2, emulator.Host.EnvironmentCount);
        var coldStarts = emulator.Ledger.NextRequests.Where(next => next.ColdStart is not null).Select(next => next.Environment);
        Assert.Equal([1, 2], coldStarts.Order());
        Assert.Contains("environment 2 started (every other environment was busy)", emulator.Log);
        Assert.Matches(@"cold start: \d+\.\d{3} ms \(spawn to first next\) in environment 2", emulator.Log);

        // Both are idle now: the next requests are served by them, one after the other, and no third one starts.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            using var again = await emulator.InvokeAsync("{}").Within();
            Assert.Contains(Answer(await again.Content.ReadAsStringAsync()).Pid, new[] { firstAnswer.Pid, secondAnswer.Pid });
        }
        Assert.Equal(2, emulator.Host.EnvironmentCount);
    }

    [UnixFact]
    public async Task With_max_environments_1_a_second_request_waits_for_the_first()
    {
        await using var emulator = await StartAsync(options => options.MaxEnvironments = 1);
        var held = emulator.InvokeAsync("""{"hold":true}""");
        await emulator.Ledger.WaitForQueuedAsync(1).Within();
        var waiting = emulator.InvokeAsync("{}");
        await emulator.Ledger.WaitForQueuedAsync(2).Within();

        Release();
        using var first = await held.Within();
        using var second = await waiting.Within();

        Assert.Equal(Answer(await first.Content.ReadAsStringAsync()).Pid, Answer(await second.Content.ReadAsStringAsync()).Pid);
        var completed = await emulator.Ledger.WaitForCompletedAsync(2).Within();
        Assert.Equal(emulator.Ledger.Queued, completed.Select(record => record.RequestId));
        Assert.Equal(1, emulator.Host.EnvironmentCount);
    }

    [UnixFact]
    public async Task An_extra_environment_without_work_is_retired_and_the_first_one_stays()
    {
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(options =>
        {
            options.EnvironmentIdleTimeout = TimeSpan.FromSeconds(300);
            options.TimeProvider = clock;
        });
        var held = emulator.InvokeAsync("""{"hold":true}""");
        await emulator.Ledger.WaitForQueuedAsync(1).Within();
        using (await emulator.InvokeAsync("{}").Within())
        {
        }
        Release();
        using (await held.Within())
        {
        }

        // Idle from the second answer on (the clock stood still since): kept a millisecond short of the timeout.
        clock.Advance(TimeSpan.FromSeconds(300) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, emulator.Host.EnvironmentCount);
        Assert.Empty(emulator.Ledger.ProcessExits);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        var exit = Assert.Single(await emulator.Ledger.WaitForProcessExitsAsync(1).Within());
        Assert.Equal(2, exit.Environment);
        Assert.True(exit.KilledByEmulator);
        Assert.Contains("environment 2 retired after 300 s without work", emulator.Log);
        Assert.Equal(1, emulator.Host.EnvironmentCount);
        using var after = await emulator.InvokeAsync("{}").Within();
        Assert.Equal(emulator.Host.RuntimeApiAddress, Answer(await after.Content.ReadAsStringAsync()).RuntimeApi);
    }

    [UnixFact]
    public async Task An_environment_in_its_shutdown_grace_after_a_timeout_gets_no_new_request()
    {
        // Registers an internal extension (so a timeout's retirement gives 500 ms after SIGTERM), ignores SIGTERM,
        // never answers a held invocation but polls again at once, and answers the others with its process id.
        const string script =
            "api=${AWS_LAMBDA_RUNTIME_API}; host=${api%:*}; port=${api#*:}; trap '' TERM; " +
            "exec 5<>/dev/tcp/$host/$port; printf 'POST /2020-01-01/extension/register HTTP/1.1\\r\\nHost: x\\r\\nLambda-Extension-Name: ext\\r\\nContent-Length: 13\\r\\n\\r\\n{\"events\":[]}' >&5; " +
            "while IFS= read -r line <&5; do line=${line%$'\\r'}; case $line in Lambda-Extension-Identifier:*) ext=${line#*: };; '') break;; esac; done; " +
            "exec 6<>/dev/tcp/$host/$port; printf \"GET /2020-01-01/extension/event/next HTTP/1.1\\r\\nHost: x\\r\\nLambda-Extension-Identifier: $ext\\r\\n\\r\\n\" >&6; " +
            "while true; do " +
            "exec 3<>/dev/tcp/$host/$port; printf 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' >&3; " +
            "while IFS= read -r line <&3; do line=${line%$'\\r'}; case $line in Lambda-Runtime-Aws-Request-Id:*) id=${line#*: };; Content-Length:*) n=${line#*: };; '') break;; esac; done; " +
            "IFS= read -r -N $n event <&3; " +
            "case $event in *hold*) continue;; esac; " +
            "body=\"{\\\"pid\\\":\\\"$$\\\",\\\"api\\\":\\\"$api\\\"}\"; " +
            "exec 4<>/dev/tcp/$host/$port; printf \"POST /2018-06-01/runtime/invocation/$id/response HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: ${#body}\\r\\n\\r\\n%s\" \"$body\" >&4; " +
            "read -r status <&4; exec 4>&-; " +
            "done";
        await using var emulator = await TestEmulator.StartAsync(options =>
        {
            options.FunctionCommand = ["/bin/bash", "-c", script];
            options.Timeout = TimeSpan.FromMilliseconds(300);
        });
        await emulator.Ledger.WaitForNextRequestsAsync(1).Within();
        var retiring = emulator.Host.FunctionProcessId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var invoked = System.Diagnostics.Stopwatch.GetTimestamp();
        using var timedOut = await emulator.InvokeAsync("""{"hold":true}""").Within();
        var answered = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.Equal("Unhandled", timedOut.Headers.GetValues("X-Amz-Function-Error").Single());
        using var next = await emulator.InvokeAsync("{}").Within();

        // The retiring process was polling again; the request went to a process that is not on its way out.
        Assert.NotEqual(retiring, Answer(await next.Content.ReadAsStringAsync()).Pid);
        var exit = (await emulator.Ledger.WaitForProcessExitsAsync(1).Within()).First();
        var exited = System.Diagnostics.Stopwatch.GetTimestamp();
        Assert.Equal(137, exit.ExitCode); // it ignored SIGTERM, so the grace ended in SIGKILL

        // A real process ignoring a real signal, so the real clock: SIGKILL comes after the 300 ms timeout and the
        // whole 500 ms grace (not at once), and not seconds later (a longer grace); 1.5 s is slack for a loaded machine.
        var sinceInvoke = System.Diagnostics.Stopwatch.GetElapsedTime(invoked, exited);
        var sinceTimeout = System.Diagnostics.Stopwatch.GetElapsedTime(answered, exited);
        Assert.True(sinceInvoke >= TimeSpan.FromMilliseconds(800), $"killed {sinceInvoke.TotalMilliseconds:F0} ms after the invoke");
        Assert.True(sinceTimeout < TimeSpan.FromMilliseconds(2000), $"killed {sinceTimeout.TotalMilliseconds:F0} ms after the timeout");
    }

    [Fact]
    public async Task An_external_function_is_one_environment_however_many_requests_wait()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var first = emulator.InvokeAsync("{}");
        var second = emulator.InvokeAsync("{}");
        await emulator.Ledger.WaitForQueuedAsync(2).Within();

        Assert.Equal(1, emulator.Host.EnvironmentCount);
        Assert.Contains("no function command: waiting for a runtime to connect with AWS_LAMBDA_RUNTIME_API=", emulator.Log);
        Assert.Contains("is queued: no runtime is asking AWS_LAMBDA_RUNTIME_API=", emulator.Log);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var next = await emulator.Function.NextAsync().Within();
            await emulator.Function.PostResponseAsync(next.RequestId, "ok").Within();
        }
        using var a = await first.Within();
        using var b = await second.Within();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Fifo => Path.Combine(_directory, "release");

    // Lets the invocation that holds (the function reads one line from the FIFO) go on.
    private void Release() => File.WriteAllText(Fifo, "go\n");

    private static (string Pid, string RuntimeApi) Answer(string json)
    {
        using var document = JsonDocument.Parse(json);
        return (document.RootElement.GetProperty("pid").GetString()!, document.RootElement.GetProperty("api").GetString()!);
    }

    /// <summary>
    /// A bash function that answers every invocation with its process id and Runtime API address, and holds one whose
    /// event asks to until a line arrives in a FIFO.
    /// </summary>
    private async Task<TestEmulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var (exitCode, _) = await RunAsync("mkfifo", Fifo);
        Assert.Equal(0, exitCode);
        const string script =
            "api=${AWS_LAMBDA_RUNTIME_API}; host=${api%:*}; port=${api#*:}; " +
            "while true; do " +
            "exec 3<>/dev/tcp/$host/$port; printf 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' >&3; " +
            "while IFS= read -r line <&3; do line=${line%$'\\r'}; case $line in Lambda-Runtime-Aws-Request-Id:*) id=${line#*: };; Content-Length:*) n=${line#*: };; '') break;; esac; done; " +
            "IFS= read -r -N $n event <&3; exec 3>&-; " +
            "case $event in *hold*) read -r _ < \"$FIFO\";; esac; " +
            "body=\"{\\\"pid\\\":\\\"$$\\\",\\\"api\\\":\\\"$api\\\"}\"; " +
            "exec 4<>/dev/tcp/$host/$port; printf \"POST /2018-06-01/runtime/invocation/$id/response HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\nContent-Length: ${#body}\\r\\n\\r\\n%s\" \"$body\" >&4; " +
            "read -r status <&4; exec 4>&-; " +
            "done";
        var emulator = await TestEmulator.StartAsync(options =>
        {
            options.FunctionCommand = ["/bin/bash", "-c", script];
            options.Environment["FIFO"] = Fifo;
            configure?.Invoke(options);
        });

        // The first environment is polling before any request: the one that holds goes to it.
        await emulator.Ledger.WaitForNextRequestsAsync(1).Within();
        return emulator;
    }

    private static async Task<(int, string)> RunAsync(string command, string argument)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(command, [argument]) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within();
        return (process.ExitCode, error);
    }
}
