using LambdaStreaming.Hosting;
using LambdaStreaming.InvocationLoop;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Telemetry;
using Moq;

namespace LambdaStreaming.Tests.Telemetry;

/// <summary>With nothing listening, an invocation's telemetry is a few checks: no object, no allocation.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class UnobservedTelemetryTests
{
    [Fact]
    public void With_no_listener_starting_an_invocations_telemetry_allocates_nothing_and_returns_null()
    {
        var environment = LambdaEnvironment.Read(name => name == "AWS_LAMBDA_RUNTIME_API" ? "127.0.0.1:9001" : null);
        var runtime = new RuntimeTelemetry(environment, TraceParentSources.All, new LogSink(TextWriter.Null, LogLevel.Information));
        var invocation = new Invocation
        {
            RequestId = "req-1",
            Deadline = DateTimeOffset.UtcNow.AddMinutes(1),
            InvokedFunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:f",
            TraceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            Payload = """{"rawPath":"/","requestContext":{},"headers":{}}"""u8.ToArray(),
        };
        var response = new ResponseControl(Mock.Of<IResponseSink>(), Mock.Of<ILambdaLogger>(), CancellationToken.None);
        Assert.False(RuntimeInstruments.IsObserved);

        // Once first, so that type initialisation (once per process) is not counted.
        InvocationTelemetry.Start(runtime, invocation, response, CancellationToken.None);
        _ = LambdaTelemetry.HasFlushes;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var telemetry = InvocationTelemetry.Start(runtime, invocation, response, CancellationToken.None);
        var hasFlushes = LambdaTelemetry.HasFlushes;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(telemetry);
        Assert.False(hasFlushes);
        Assert.Equal(0, allocated);
    }
}
