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

    /// <summary>
    /// The usual way: the handler fills its own array, which is copied behind a formatted size line (the shape of a
    /// chunked <c>Stream</c> over a socket, as HttpClient's content streams work).
    /// </summary>
    [Benchmark(Baseline = true)]
    public async ValueTask CopyIntoFramedStream()
    {
        var handlerBuffer = new byte[Size];
        handlerBuffer.AsSpan().Fill((byte)'x');
        var prefix = System.Text.Encoding.ASCII.GetBytes($"{Size:X}\r\n");
        var span = _socket.GetSpan(prefix.Length + Size + 2);
        prefix.CopyTo(span);
        handlerBuffer.CopyTo(span[prefix.Length..]);
        "\r\n"u8.CopyTo(span[(prefix.Length + Size)..]);
        _socket.Advance(prefix.Length + Size + 2);
        await _socket.FlushAsync();
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
