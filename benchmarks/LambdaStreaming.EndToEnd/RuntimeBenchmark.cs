using System.Diagnostics;
using System.Text;

namespace LambdaStreaming.EndToEnd;

/// <summary>TTFB, invocation rate, streaming throughput and peak RSS of one runtime behind the emulator.</summary>
internal static class RuntimeBenchmark
{
    private static readonly HttpClient Invoker = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };

    public static async Task<(List<double> TtfbMicroseconds, double InvocationsPerSecond)> MeasureSmallAsync(string binary, HarnessOptions options)
    {
        await using var function = await FunctionUnderTest.StartAsync(binary, keepRecords: true);
        for (var i = 0; i < options.WarmUp; i++)
        {
            await InvokeAsync(function, "small");
        }

        var warm = function.Emulator.Ledger.Completed.Count;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.Invocations; i++)
        {
            await InvokeAsync(function, "small");
        }

        var elapsed = clock.Elapsed;
        var ttfb = function.Emulator.Ledger.Completed.Skip(warm)
            .Select(r => r.TimeToFirstByte?.TotalMicroseconds ?? throw new InvalidOperationException($"invocation {r.RequestId} ended {r.Outcome} without a byte"))
            .Order()
            .ToList();
        return (ttfb, options.Invocations / elapsed.TotalSeconds);
    }

    public static async Task<(double ThroughputMBps, double PeakRssMiB)> MeasureBulkAsync(string binary, HarnessOptions options)
    {
        await using var function = await FunctionUnderTest.StartAsync(binary, keepRecords: false);
        await InvokeAsync(function, "small");
        var rates = new List<double>();
        for (var run = 0; run < options.BulkRuns; run++)
        {
            var clock = Stopwatch.StartNew();
            var received = await InvokeAsync(function, $"bulk:{options.BulkBytes}");
            var elapsed = clock.Elapsed;
            if (received != options.BulkBytes)
            {
                throw new InvalidOperationException($"bulk response was {received} bytes, not {options.BulkBytes}");
            }

            rates.Add(received / 1e6 / elapsed.TotalSeconds);
        }

        return (Percentiles.Median(rates), function.PeakRssMiB);
    }

    // Reads the whole response at the invoker and returns its length.
    private static async Task<long> InvokeAsync(FunctionUnderTest function, string @event)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, function.Emulator.InvokeUri) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes(@event)) };
        using var response = await Invoker.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Headers.Contains("X-Amz-Function-Error"))
        {
            throw new InvalidOperationException($"the function failed: {await response.Content.ReadAsStringAsync()}");
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
