using BenchmarkDotNet.Attributes;

namespace LambdaStreaming.Benchmarks;

/// <summary>A log line below the level (must cost nothing) against one that is written, in both formats.</summary>
[MemoryDiagnoser]
public class LoggingBenchmarks
{
    private readonly ILambdaLogger _text = new LambdaLogger(new LogSink(TextWriter.Null, LogLevel.Information), "8476a536-e9f4-11e8-9739-2dfe598c3fcd");
    private readonly ILambdaLogger _json = new LambdaLogger(new LogSink(TextWriter.Null, LogLevel.Information, LogFormat.Json), "8476a536-e9f4-11e8-9739-2dfe598c3fcd");

    [Benchmark(Baseline = true)]
    public void TextLine() => _text.LogInformation("token 17 streamed");

    [Benchmark]
    public void JsonLine() => _json.LogInformation("token 17 streamed");

    [Benchmark]
    public void FilteredOut() => _json.LogDebug("token 17 streamed");
}
