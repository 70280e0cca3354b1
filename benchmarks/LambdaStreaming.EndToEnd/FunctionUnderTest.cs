using System.Diagnostics;
using System.Net;
using LambdaStreaming.Emulator;

namespace LambdaStreaming.EndToEnd;

/// <summary>
/// The emulator's Runtime API and Invoke endpoint in-process, with a function binary spawned by the harness itself
/// so its process id (and so its memory) can be read.
/// </summary>
internal sealed class FunctionUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private FunctionUnderTest(EmulatorHost emulator, Process process)
    {
        Emulator = emulator;
        _process = process;
    }

    public EmulatorHost Emulator { get; }

    /// <summary>The function's peak resident set (VmHWM), in MiB.</summary>
    public double PeakRssMiB
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
    }

    /// <summary>
    /// CPU time the function has used so far, in nanoseconds: the sum over its threads of the first field of
    /// <c>/proc/PID/task/TID/schedstat</c> (time on a CPU), so a worker thread's work counts, not only the main thread's.
    /// </summary>
    public long CpuNanoseconds =>
        Directory.EnumerateDirectories($"/proc/{_process.Id}/task")
            .Sum(task => long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));

    /// <param name="keepRecords">Whether the ledger keeps each invocation (with its body): for per-invocation timings, not for bulk.</param>
    public static async Task<FunctionUnderTest> StartAsync(string binary, bool keepRecords)
    {
        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            RecordInvocations = keepRecords,
            Timeout = TimeSpan.FromMinutes(5),
            Log = TextWriter.Null,
        });
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // As on Lambda, the working directory is the task root, where the bootstrap is (ColdStartProbe says why).
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(binary))!,
            Environment = { ["AWS_LAMBDA_RUNTIME_API"] = emulator.RuntimeApiAddress, ["AWS_LAMBDA_FUNCTION_NAME"] = "bench" },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new FunctionUnderTest(emulator, process);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        await Emulator.DisposeAsync();
    }
}
