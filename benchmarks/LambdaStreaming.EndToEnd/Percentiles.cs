namespace LambdaStreaming.EndToEnd;

/// <summary>Nearest-rank percentiles of a sample.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return Of(sorted, 50);
    }
}
