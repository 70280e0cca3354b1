using System.Globalization;
using System.Text;

namespace LambdaStreaming.EndToEnd;

/// <summary>The side-by-side table: each figure for ours, the baseline and the floor, with the ratios.</summary>
internal static class ReportTable
{
    public static string Render(RuntimeFigures ours, RuntimeFigures baseline, FloorFigures floor)
    {
        var rows = new List<string[]>
        {
            new[] { "figure", "ours", "baseline", "floor", "ours/baseline", "ours/floor" },
            Row("TTFB p50 (µs)", ours.TtfbP50, baseline.TtfbP50, floor.RttP50Microseconds),
            Row("TTFB p90 (µs)", ours.TtfbP90, baseline.TtfbP90, null),
            Row("TTFB p99 (µs)", ours.TtfbP99, baseline.TtfbP99, null),
            Row("invocations/s", ours.InvocationsPerSecond, baseline.InvocationsPerSecond, null),
            Row("throughput (MB/s)", ours.ThroughputMBps, baseline.ThroughputMBps, floor.ThroughputMBps),
            Row("peak RSS streaming (MiB)", ours.PeakRssMiB, baseline.PeakRssMiB, null),
            Row("cold start (ms)", ours.ColdStartMilliseconds, baseline.ColdStartMilliseconds, floor.ColdStartMilliseconds),
            Row("bootstrap (bytes)", ours.BootstrapBytes, baseline.BootstrapBytes, null),
        };
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

    private static string[] Row(string name, double ours, double baseline, double? floor) =>
    [
        name,
        Format(ours),
        Format(baseline),
        floor is { } f ? Format(f) : "",
        Ratio(ours, baseline),
        floor is { } g ? Ratio(ours, g) : "",
    ];

    private static string Format(double value) =>
        value >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ratio(double ours, double other) => (ours / other).ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
