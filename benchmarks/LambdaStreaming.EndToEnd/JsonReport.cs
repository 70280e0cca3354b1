using System.Text.Json;

namespace LambdaStreaming.EndToEnd;

/// <summary>
/// The figures as JSON: <c>{"ours": {...}, "baseline": {...}, "null_runtime": {...}, "floor": {...}}</c>; the null
/// runtime's object has the same keys as the other two.
/// </summary>
internal static class JsonReport
{
    public static async Task WriteAsync(string path, RuntimeFigures ours, RuntimeFigures baseline, RuntimeFigures protocolFloor, FloorFigures floor)
    {
        await using var file = File.Create(path);
        await using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        WriteRuntime(json, "ours", ours);
        WriteRuntime(json, "baseline", baseline);
        WriteRuntime(json, "null_runtime", protocolFloor);
        json.WriteStartObject("floor");
        json.WriteNumber("rtt_p50_us", Math.Round(floor.RttP50Microseconds, 1));
        json.WriteNumber("throughput_MBps", Math.Round(floor.ThroughputMBps, 1));
        json.WriteNumber("cold_start_ms", Math.Round(floor.ColdStartMilliseconds, 2));
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRuntime(Utf8JsonWriter json, string name, RuntimeFigures figures)
    {
        json.WriteStartObject(name);
        json.WriteNumber("ttfb_p50_us", Math.Round(figures.TtfbP50, 1));
        json.WriteNumber("ttfb_p99_us", Math.Round(figures.TtfbP99, 1));
        json.WriteNumber("invocations_per_s", Math.Round(figures.InvocationsPerSecond, 1));
        json.WriteNumber("throughput_MBps", Math.Round(figures.ThroughputMBps, 1));
        json.WriteNumber("cpu_ms_per_MiB", Math.Round(figures.CpuMsPerMiB, 3));
        json.WriteNumber("rss_MiB", Math.Round(figures.PeakRssMiB, 1));
        json.WriteNumber("cold_start_ms", Math.Round(figures.ColdStartMilliseconds, 2));
        if (figures.ColdStartColdCacheMilliseconds is { } coldCache)
        {
            json.WriteNumber("cold_start_cold_cache_ms", Math.Round(coldCache, 2));
        }
        json.WriteNumber("bootstrap_bytes", figures.BootstrapBytes);
        json.WriteEndObject();
    }
}
