namespace LambdaStreaming.EndToEnd;

/// <summary>The physical floors of this machine: what no runtime can beat.</summary>
internal sealed record FloorFigures(double RttP50Microseconds, double ThroughputMBps, double ColdStartMilliseconds);
