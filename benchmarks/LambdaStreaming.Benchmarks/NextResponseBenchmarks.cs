using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Benchmarks;

/// <summary>Finding and parsing the head of a <c>next</c> reply into the invocation's fields.</summary>
[MemoryDiagnoser]
public class NextResponseBenchmarks
{
    private static readonly ReadOnlySequence<byte> Reply = new(Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\n" +
        "Content-Type: application/json\r\n" +
        "Lambda-Runtime-Aws-Request-Id: 8476a536-e9f4-11e8-9739-2dfe598c3fcd\r\n" +
        "Lambda-Runtime-Deadline-Ms: 1542409706888\r\n" +
        "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-2:123456789012:function:custom-runtime\r\n" +
        "Lambda-Runtime-Trace-Id: Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1\r\n" +
        "Date: Fri, 16 Nov 2018 22:57:36 GMT\r\n" +
        "Content-Length: 2\r\n" +
        "\r\n"));

    private readonly InvocationHeaderCollector _headers = new();

    [Benchmark]
    public int ParseHead()
    {
        _headers.Reset();
        var end = HttpResponseHeadParser.FindEndOfHead(Reply, HttpResponseLimits.Default) ?? throw new InvalidOperationException("no end of head");
        return HttpResponseHeadParser.Parse(Reply.Slice(0, end), _headers).StatusCode;
    }
}
