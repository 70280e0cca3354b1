namespace LambdaStreaming.EndToEnd;

/// <summary>What the harness measured for one runtime.</summary>
internal sealed record RuntimeFigures(
    string Name,
    IReadOnlyList<double> TtfbMicroseconds,
    double InvocationsPerSecond,
    double ThroughputMBps,
    double CpuMsPerMiB,
    double PeakRssMiB,
    double ColdStartMilliseconds,
    double? ColdStartColdCacheMilliseconds,
    long BootstrapBytes)
{
    public double TtfbP50 => Percentiles.Of(TtfbMicroseconds, 50);

    public double TtfbP90 => Percentiles.Of(TtfbMicroseconds, 90);

    public double TtfbP99 => Percentiles.Of(TtfbMicroseconds, 99);
}
