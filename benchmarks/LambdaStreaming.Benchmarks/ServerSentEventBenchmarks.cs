using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using LambdaStreaming.Http;

namespace LambdaStreaming.Benchmarks;

/// <summary>One SSE event formatted into the pipe and flushed: string data, and a <c>T</c> serialised in place.</summary>
[MemoryDiagnoser]
public class ServerSentEventBenchmarks
{
    private static readonly Token Sample = new("Hello", 42, 0.97);
    private DiscardingPipeWriter _output = null!;
    private ServerSentEventWriter _events = null!;

    [GlobalSetup]
    public void Setup()
    {
        _output = new DiscardingPipeWriter(64 * 1024);
        _events = new ServerSentEventWriter(_output, heartbeatInterval: null, TimeProvider.System);
    }

    [Benchmark(Baseline = true)]
    public ValueTask StringEvent() => _events.WriteAsync("the quick brown fox", "token", "17");

    [Benchmark]
    public ValueTask JsonEvent() => _events.WriteAsync(Sample, BenchmarkJson.Default.Token, "token", "17");

    /// <summary>A typical LLM token event.</summary>
    public sealed record Token(string Text, int Index, double Probability);
}

/// <summary>Source-generated metadata for the benchmark payloads.</summary>
[JsonSerializable(typeof(ServerSentEventBenchmarks.Token))]
internal sealed partial class BenchmarkJson : JsonSerializerContext;
