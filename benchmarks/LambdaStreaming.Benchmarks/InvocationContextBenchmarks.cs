using BenchmarkDotNet.Attributes;
using LambdaStreaming.InvocationLoop;
using LambdaStreaming.RuntimeApi;

namespace LambdaStreaming.Benchmarks;

/// <summary>
/// What the loop builds per invocation besides the event: the invocation record, the deadline token, the logger
/// and the context. Budget: under 1 KiB.
/// </summary>
[MemoryDiagnoser]
public class InvocationContextBenchmarks
{
    private readonly LambdaEnvironment _environment = LambdaEnvironment.Read(name => name switch
    {
        "AWS_LAMBDA_RUNTIME_API" => "127.0.0.1:9001",
        "AWS_LAMBDA_FUNCTION_NAME" => "bench",
        _ => null,
    });

    private readonly LogSink _log = new(TextWriter.Null, LogLevel.Information);

    [Benchmark]
    public string BuildContext()
    {
        var invocation = new Invocation
        {
            RequestId = "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
            Deadline = DateTimeOffset.UtcNow.AddSeconds(30),
            InvokedFunctionArn = "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime",
            TraceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            Payload = ReadOnlyMemory<byte>.Empty,
        };
        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, TimeProvider.System);
        deadline.CancelAfter(invocation.Deadline - DateTimeOffset.UtcNow);
        var context = new LambdaContext(_environment, invocation, new LambdaLogger(_log, invocation.RequestId), deadline.Token, TimeProvider.System);
        return context.AwsRequestId;
    }
}
