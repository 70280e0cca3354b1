using System.Diagnostics;
using System.Runtime;

namespace LambdaStreaming.EndToEnd;

/// <summary>
/// TTFB, invocation rate, streaming throughput and peak RSS of the runtimes behind the emulator, measured side by
/// side: each runtime runs behind an emulator of its own, all in this process, and they take turns in rounds whose
/// order is balanced (<see cref="TurnOrder"/>).
/// </summary>
/// <remarks>
/// Measuring one runtime after the other was biased: the emulator runs in this process, and while its code was
/// still being recompiled by tiered JIT the first runtime measured paid for it. The same binary measured first and
/// third in one run gave TTFB p50 234 and 136 µs. Now every runtime is warmed up first, the warm-up goes on until
/// the JIT has stopped compiling, and the timed invocations are interleaved.
/// </remarks>
internal static class RuntimeBenchmark
{
    private const int SettleBatch = 100;
    private const int MaxSettleRounds = 30;
    private static readonly HttpClient Invoker = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

    public static async Task<IReadOnlyList<(List<double> TtfbMicroseconds, double InvocationsPerSecond)>> MeasureSmallAsync(IReadOnlyList<string> binaries, HarnessOptions options)
    {
        var functions = await StartAllAsync(binaries, keepRecords: true);
        try
        {
            await WarmUpAsync(functions, options.WarmUp);
            var warm = functions.Select(f => f.Emulator.Ledger.Completed.Count).ToArray();
            var elapsed = new TimeSpan[functions.Count];
            var perTurn = options.InvocationsPerTurn;
            for (var round = 0; round < options.SmallRounds; round++)
            {
                foreach (var i in TurnOrder.Of(round, functions.Count))
                {
                    var clock = Stopwatch.StartNew();
                    for (var n = 0; n < perTurn; n++)
                    {
                        await InvokeAsync(functions[i], "small");
                    }

                    elapsed[i] += clock.Elapsed;
                }
            }

            return functions.Select((function, i) =>
            {
                var ttfb = function.Emulator.Ledger.Completed.Skip(warm[i])
                    .Select(r => r.TimeToFirstByte?.TotalMicroseconds ?? throw new InvalidOperationException($"invocation {r.RequestId} ended {r.Outcome} without a byte"))
                    .Order()
                    .ToList();
                return (ttfb, perTurn * options.SmallRounds / elapsed[i].TotalSeconds);
            }).ToList();
        }
        finally
        {
            await DisposeAllAsync(functions);
        }
    }

    /// <summary>
    /// Throughput, the function's CPU time per MiB streamed (what a Lambda with a fraction of a vCPU pays; the wall
    /// clock through the emulator is bound by the emulator's own reading), and peak RSS, each the median of the runs.
    /// </summary>
    public static async Task<IReadOnlyList<(double ThroughputMBps, double CpuMsPerMiB, double PeakRssMiB)>> MeasureBulkAsync(IReadOnlyList<string> binaries, HarnessOptions options)
    {
        var functions = await StartAllAsync(binaries, keepRecords: false);
        try
        {
            // One untimed bulk each, so the emulator's bulk path is compiled before any of them is timed.
            foreach (var function in functions)
            {
                await InvokeAsync(function, "small");
                await InvokeBulkAsync(function, options.BulkBytes);
            }

            var rates = functions.Select(_ => new List<double>()).ToArray();
            var cpu = functions.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < options.BulkRuns; round++)
            {
                foreach (var i in TurnOrder.Of(round, functions.Count))
                {
                    var cpuBefore = functions[i].CpuNanoseconds;
                    var clock = Stopwatch.StartNew();
                    var received = await InvokeBulkAsync(functions[i], options.BulkBytes);
                    rates[i].Add(received / 1e6 / clock.Elapsed.TotalSeconds);
                    cpu[i].Add((functions[i].CpuNanoseconds - cpuBefore) / 1e6 / (received / (1024.0 * 1024)));
                }
            }

            return functions.Select((function, i) => (Percentiles.Median(rates[i]), Percentiles.Median(cpu[i]), function.PeakRssMiB)).ToList();
        }
        finally
        {
            await DisposeAllAsync(functions);
        }
    }

    /// <summary>
    /// Runs <paramref name="invocations"/> small invocations on each function, then batches on each until a whole
    /// round of them made the JIT compile nothing more (tiered compilation promotes hot methods in the background).
    /// </summary>
    private static async Task WarmUpAsync(IReadOnlyList<FunctionUnderTest> functions, int invocations)
    {
        var batch = invocations;
        for (var round = 0; round < MaxSettleRounds; round++)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            foreach (var function in functions)
            {
                for (var n = 0; n < batch; n++)
                {
                    await InvokeAsync(function, "small");
                }
            }

            if (JitInfo.GetCompiledMethodCount() == compiled)
            {
                Console.Error.WriteLine($"  warm after {round + 1} rounds ({JitInfo.GetCompiledMethodCount()} methods compiled)");
                return;
            }

            batch = SettleBatch;
        }

        Console.Error.WriteLine($"  the JIT was still compiling after {MaxSettleRounds} warm-up rounds; measuring anyway");
    }

    private static async Task<List<FunctionUnderTest>> StartAllAsync(IReadOnlyList<string> binaries, bool keepRecords)
    {
        var functions = new List<FunctionUnderTest>();
        try
        {
            foreach (var binary in binaries)
            {
                functions.Add(await FunctionUnderTest.StartAsync(binary, keepRecords));
            }

            return functions;
        }
        catch
        {
            await DisposeAllAsync(functions);
            throw;
        }
    }

    private static async Task DisposeAllAsync(IEnumerable<FunctionUnderTest> functions)
    {
        foreach (var function in functions)
        {
            await function.DisposeAsync();
        }
    }

    private static async Task<long> InvokeBulkAsync(FunctionUnderTest function, long bytes)
    {
        var received = await InvokeAsync(function, $"bulk:{bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return received == bytes ? received : throw new InvalidOperationException($"bulk response was {received} bytes, not {bytes}");
    }

    // Requests /<what> from the Function URL front (which streams; the Invoke API buffers, as Lambda's does), reads
    // the whole response at the invoker and returns its length. The functions read "bulk:<bytes>" from the event's path.
    private static async Task<long> InvokeAsync(FunctionUnderTest function, string what)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(function.Emulator.HttpAddress, "/" + what));
        using var response = await Invoker.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the function failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
