using System.Globalization;
using System.Text;

namespace LambdaStreaming.EndToEnd;

/// <summary>
/// The side-by-side table: each figure for ours, the baseline, the null runtime and the machine's floor, with the
/// ratios. <c>null/baseline</c> is the best ratio any runtime behind this emulator could reach.
/// </summary>
internal static class ReportTable
{
    public static string Render(RuntimeFigures ours, RuntimeFigures baseline, RuntimeFigures protocolFloor, FloorFigures floor)
    {
        string[] Row(string name, Func<RuntimeFigures, double> figure, double? machineFloor) =>
        [
            name,
            Format(figure(ours)),
            Format(figure(baseline)),
            Format(figure(protocolFloor)),
            machineFloor is { } f ? Format(f) : "",
            Ratio(figure(ours), figure(baseline)),
            Ratio(figure(protocolFloor), figure(baseline)),
            machineFloor is { } g ? Ratio(figure(ours), g) : "",
        ];

        var rows = new List<string[]>
        {
            new[] { "figure", "ours", "baseline", "null runtime", "floor", "ours/baseline", "null/baseline", "ours/floor" },
            Row("TTFB p50 (µs)", r => r.TtfbP50, floor.RttP50Microseconds),
            Row("TTFB p90 (µs)", r => r.TtfbP90, null),
            Row("TTFB p99 (µs)", r => r.TtfbP99, null),
            Row("invocations/s", r => r.InvocationsPerSecond, null),
            Row("throughput (MB/s)", r => r.ThroughputMBps, floor.ThroughputMBps),
            Row("CPU per MiB streamed (ms)", r => r.CpuMsPerMiB, null),
            Row("peak RSS streaming (MiB)", r => r.PeakRssMiB, null),
            Row("cold start (ms)", r => r.ColdStartMilliseconds, floor.ColdStartMilliseconds),
            Row("cold start, cold page cache (ms)", r => r.ColdStartColdCacheMilliseconds ?? double.NaN, null),
            Row("bootstrap (bytes)", r => r.BootstrapBytes, null),
        };
        return Markdown(rows);
    }

    /// <summary>
    /// The ASP.NET Core host against the raw handler, both on our runtime, with the ratio and the goal it is held to.
    /// </summary>
    public static string RenderHost(RuntimeFigures raw, RuntimeFigures host)
    {
        string[] Row(string name, Func<RuntimeFigures, double> figure, string goal) =>
            [name, Format(figure(raw)), Format(figure(host)), Ratio(figure(host), figure(raw)), goal];

        var rows = new List<string[]>
        {
            new[] { "figure", "raw handler", "ASP.NET Core host", "host/raw", "goal" },
            Row("TTFB p50 (µs)", r => r.TtfbP50, "≤ 1.5×"),
            Row("TTFB p99 (µs)", r => r.TtfbP99, ""),
            Row("invocations/s", r => r.InvocationsPerSecond, ""),
            Row("throughput (MB/s)", r => r.ThroughputMBps, "≥ 0.9×"),
            Row("CPU per MiB streamed (ms)", r => r.CpuMsPerMiB, ""),
            Row("peak RSS streaming (MiB)", r => r.PeakRssMiB, "< 15 MiB"),
            Row("cold start (ms)", r => r.ColdStartMilliseconds, "≤ 4×"),
            Row("cold start, cold page cache (ms)", r => r.ColdStartColdCacheMilliseconds ?? double.NaN, ""),
            Row("bootstrap (bytes)", r => r.BootstrapBytes, "< 8.4 MB"),
        };
        return Markdown(rows);
    }

    private static string Markdown(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            text.Append("| ").AppendJoin(" | ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).AppendLine(" |");
            if (index == 0)
            {
                text.Append("| ").AppendJoin(" | ", widths.Select((w, c) => c == 0 ? new string('-', w) : new string('-', w - 1) + ":")).AppendLine(" |");
            }
        }

        return text.ToString();
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "n/a" : value < 1 ? value.ToString("0.000", CultureInfo.InvariantCulture) : value >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ratio(double ours, double other) =>
        double.IsNaN(ours) || double.IsNaN(other) ? "" : (ours / other).ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
