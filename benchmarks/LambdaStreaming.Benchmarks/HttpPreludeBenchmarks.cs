using BenchmarkDotNet.Attributes;
using LambdaStreaming.Http;

namespace LambdaStreaming.Benchmarks;

/// <summary>Validating and writing the HTTP-integration prelude of a typical streamed response.</summary>
[MemoryDiagnoser]
public class HttpPreludeBenchmarks
{
    private readonly HttpResponsePrelude _prelude = new()
    {
        StatusCode = 200,
        Headers = { ["content-type"] = "text/event-stream; charset=utf-8", ["cache-control"] = "no-cache", ["x-accel-buffering"] = "no" },
        Cookies = { "session=abc123; Path=/; HttpOnly; Secure" },
    };

    private DiscardingPipeWriter _output = null!;

    [GlobalSetup]
    public void Setup() => _output = new DiscardingPipeWriter(4096);

    [Benchmark]
    public ValueTask<System.IO.Pipelines.FlushResult> ValidateAndWrite()
    {
        HttpPreludeWriter.Validate(_prelude);
        HttpPreludeWriter.Write(_output, _prelude);
        return _output.FlushAsync();
    }
}
