using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using LambdaStreaming.Hosting;
using LambdaStreaming.InvocationLoop;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LambdaStreaming.Benchmarks;

/// <summary>
/// What an invocation's telemetry costs the worker, beside the response itself: nothing listening (the baseline:
/// a response control and the check that finds no listener), the OpenTelemetry SDK recording the span and the
/// metrics, and the same with the flush the package runs before each poll (a batch processor and a periodic reader,
/// as the OTLP exporter uses, over exporters that discard).
/// </summary>
[MemoryDiagnoser]
public class InvocationTelemetryBenchmarks
{
    private static readonly LambdaEnvironment Environment = LambdaEnvironment.Read(name => name switch
    {
        "AWS_LAMBDA_RUNTIME_API" => "127.0.0.1:9001",
        "AWS_LAMBDA_FUNCTION_NAME" => "bench",
        _ => null,
    });

    private readonly RuntimeTelemetry _runtime = new(Environment, TraceParentSources.All, new LogSink(TextWriter.Null, LogLevel.Information));
    private readonly ILambdaLogger _logger = new LambdaLogger(new LogSink(TextWriter.Null, LogLevel.Information), "bench");
    private readonly Invocation _invocation = new()
    {
        RequestId = "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
        Deadline = DateTimeOffset.UtcNow.AddDays(1),
        InvokedFunctionArn = "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime",
        TraceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
        Payload = """{"version":"2.0","rawPath":"/chat","headers":{"host":"x"},"requestContext":{"http":{"method":"POST"}},"body":"{}"}"""u8.ToArray(),
    };

    private TracerProvider? _tracer;
    private MeterProvider? _meter;

    [GlobalSetup(Targets = [nameof(Recorded), nameof(RecordedAndFlushed)])]
    public void Subscribe()
    {
        _tracer = Sdk.CreateTracerProviderBuilder().AddLambdaStreamingInstrumentation(o => o.AddLambdaResource = false)
            .AddProcessor(new BatchActivityExportProcessor(new DiscardingExporter<Activity>())).Build();
        _meter = Sdk.CreateMeterProviderBuilder().AddLambdaStreamingInstrumentation(o => o.AddLambdaResource = false)
            .AddReader(new PeriodicExportingMetricReader(new DiscardingExporter<Metric>(), exportIntervalMilliseconds: 60_000)).Build();
    }

    [GlobalCleanup]
    public void Unsubscribe()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool Unobserved() => Invoke(flush: false);

    [Benchmark]
    public bool Recorded() => Invoke(flush: false);

    [Benchmark]
    public bool RecordedAndFlushed() => Invoke(flush: true);

    private bool Invoke(bool flush)
    {
        var response = new ResponseControl(DiscardingSink.Instance, _logger, CancellationToken.None);
        var telemetry = InvocationTelemetry.Start(_runtime, _invocation, response, CancellationToken.None);
        telemetry?.End(ResponseOutcome.Stream, null);
        if (flush)
        {
            _runtime.Flush(_invocation.RequestId);
        }
        return telemetry is not null;
    }

    private sealed class DiscardingExporter<T> : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
    }

    private sealed class DiscardingSink : IResponseSink
    {
        public static readonly DiscardingSink Instance = new();

        public System.IO.Pipelines.PipeWriter BeginStream(string contentType) => throw new NotSupportedException();

        public ValueTask EndStreamAsync(ErrorReport? error, CancellationToken giveUp) => ValueTask.CompletedTask;

        public ValueTask SendAsync(ReadOnlyMemory<byte> body, string contentType, CancellationToken giveUp) => ValueTask.CompletedTask;

        public ValueTask<bool> SendErrorAsync(ErrorReport error, CancellationToken giveUp) => ValueTask.FromResult(true);

        public ValueTask ReleaseAsync() => ValueTask.CompletedTask;
    }
}
