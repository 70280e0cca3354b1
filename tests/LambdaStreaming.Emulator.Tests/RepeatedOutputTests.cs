using LambdaStreaming.Emulator.Function;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>A function that crashes the same way at every restart is shown once, then summarised in one line.</summary>
public sealed class RepeatedOutputTests
{
    [Fact]
    public void Output_that_repeats_the_last_crash_up_to_timestamps_and_ids_is_held_back_and_counted()
    {
        var output = new StringWriter();
        var filter = new RepeatedOutputFilter(output);

        filter.BeginRun(previousCrashed: false);
        filter.OnLine("2026-12-01T10:00:00.000Z\t-\tFATAL\tRuntime.InitError: boom");
        filter.OnLine("   at Program.Main() in 6f1b3c39-0c8e-4b5b-9b1b-6c7c0f3f4e10");
        Assert.Equal(0, filter.EndRun());

        filter.BeginRun(previousCrashed: true);
        filter.OnLine("2026-12-01T10:00:01.250Z\t-\tFATAL\tRuntime.InitError: boom");
        filter.OnLine("   at Program.Main() in 0d9c2a77-1111-4b5b-9b1b-6c7c0f3f4e10");
        Assert.Equal(2, filter.EndRun());

        // A run that starts the same and then differs is printed whole.
        filter.BeginRun(previousCrashed: true);
        filter.OnLine("2026-12-01T10:00:02.500Z\t-\tFATAL\tRuntime.InitError: boom");
        filter.OnLine("   at Other.Place()");
        Assert.Equal(0, filter.EndRun());

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["2026-12-01T10:00:00.000Z\t-\tFATAL\tRuntime.InitError: boom", "   at Program.Main() in 6f1b3c39-0c8e-4b5b-9b1b-6c7c0f3f4e10",
             "2026-12-01T10:00:02.500Z\t-\tFATAL\tRuntime.InitError: boom", "   at Other.Place()"],
            lines);
    }

    [Fact]
    public void After_a_clean_exit_or_a_kill_nothing_is_held_back()
    {
        var output = new StringWriter();
        var filter = new RepeatedOutputFilter(output);
        filter.BeginRun(previousCrashed: false);
        filter.OnLine("hello");
        filter.EndRun();
        filter.BeginRun(previousCrashed: false);
        filter.OnLine("hello");

        Assert.Equal(0, filter.EndRun());
        Assert.Equal(2, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [UnixFact]
    public async Task A_crash_loop_at_init_is_summarised_after_its_first_time()
    {
        await using var emulator = await TestEmulator.StartAsync(options =>
            options.FunctionCommand = ["/bin/sh", "-c", "echo \"$(date -u +%Y-%m-%dT%H:%M:%S.%NZ) FATAL init failed\"; echo '   at Init()' >&2; exit 3"]);

        await emulator.Ledger.WaitForProcessExitsAsync(3).Within();

        Assert.Contains("the function printed the same 2 lines as before its last crash (timestamps and ids aside); not repeated", emulator.Log);
    }
}
