using BenchmarkDotNet.Attributes;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Benchmarks;

/// <summary>One write + flush through the chunk framer: the per-chunk cost of the streaming path. Expect 0 B allocated.</summary>
[MemoryDiagnoser]
public class ChunkFramingBenchmarks
{
    private DiscardingPipeWriter _socket = null!;
    private ChunkedBodyWriter _body = null!;

    /// <summary>Bytes per chunk.</summary>
    [Params(16, 1024, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _socket = new DiscardingPipeWriter(Size + 64);
        _body = new ChunkedBodyWriter(_socket);
    }

    [Benchmark]
    public async ValueTask WriteAndFlush()
    {
        var span = _body.GetSpan(Size);
        span[..Size].Fill((byte)'x');
        _body.Advance(Size);
        await _body.FlushAsync();
    }
}
