using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using LambdaStreaming.Hosting;
using LambdaStreaming.InvocationLoop;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Benchmarks;

/// <summary>
/// One write + flush through the chunk framer, and through the handler's <see cref="ResponseStream"/> and the response
/// control in front of it: the per-chunk cost of the streaming path. Expect 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class ChunkFramingBenchmarks
{
    private DiscardingPipeWriter _socket = null!;
    private ChunkedBodyWriter _body = null!;
    private ResponseStream _response = null!;

    /// <summary>Bytes per chunk.</summary>
    [Params(16, 1024, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _socket = new DiscardingPipeWriter(Size + 64);
        _body = new ChunkedBodyWriter(_socket);
        var control = new ResponseControl(new FramingSink(_socket), new LambdaLogger(new LogSink(TextWriter.Null, LogLevel.Information), "bench"), CancellationToken.None, long.MaxValue);
        _response = new ResponseStream(control);
        // The first flush starts the stream (and yields once); the benchmark measures the chunks after it.
        _response.GetSpan(1)[0] = (byte)'x';
        _response.Advance(1);
        _response.FlushAsync().AsTask().GetAwaiter().GetResult();
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

    [Benchmark]
    public async ValueTask WriteAndFlushThroughResponseStream()
    {
        var span = _response.GetSpan(Size);
        span[..Size].Fill((byte)'x');
        _response.Advance(Size);
        await _response.FlushAsync();
    }

    /// <summary>A sink whose stream is the chunk framer over the discarding socket; nothing ever ends.</summary>
    private sealed class FramingSink(PipeWriter socket) : IResponseSink
    {
        public PipeWriter BeginStream(string contentType) => new ChunkedBodyWriter(socket);

        public ValueTask EndStreamAsync(ErrorReport? error, CancellationToken giveUp) => ValueTask.CompletedTask;

        public ValueTask ReleaseAsync() => ValueTask.CompletedTask;

        public ValueTask SendAsync(ReadOnlyMemory<byte> body, string contentType, CancellationToken giveUp) => ValueTask.CompletedTask;

        public ValueTask<bool> SendErrorAsync(ErrorReport error, CancellationToken giveUp) => ValueTask.FromResult(true);
    }
}
