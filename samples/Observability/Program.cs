// An SSE function whose telemetry goes to the OpenTelemetry console exporter: one span per invocation (request id,
// outcome, bytes, chunks, time to first byte; its parent is the X-Ray header's when Lambda samples the invocation) and
// the FaaS metrics. The runtime force-flushes both providers after each invocation, before its next poll, so what an
// invocation recorded is printed before Lambda can freeze the environment. README.md shows the switch to OTLP.
using LambdaStreaming;
using LambdaStreaming.Http;
using Observability;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// Disposed when the runtime stops (SIGTERM, with an extension registered): the providers' last flush.
using var telemetry = OpenTelemetrySdk.Create(otel => otel
    .WithTracing(tracing => tracing.AddLambdaStreamingInstrumentation().AddConsoleExporter())
    .WithMetrics(metrics => metrics.AddLambdaStreamingInstrumentation().AddConsoleExporter()));

return await LambdaRuntime.RunAsync(HttpEventJsonContext.Default.FunctionUrlRequest, StepsFunction.HandleAsync);
