using System.Diagnostics;
using LambdaStreaming.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LambdaStreaming.Tests.Telemetry;

/// <summary>
/// An OpenTelemetry SDK subscribed to the runtime through <c>AddLambdaStreamingInstrumentation</c>, exporting to memory
/// in batches that only the runtime's flush sends.
/// The runtime's source and meter are process-wide, so the tests that use it run alone (<see cref="TelemetryCollection"/>)
/// and pick their spans by request id.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    public TelemetryCapture(Action<TracerProviderBuilder>? tracing = null)
    {
        var tracerBuilder = Sdk.CreateTracerProviderBuilder().AddLambdaStreamingInstrumentation();
        tracing?.Invoke(tracerBuilder);
        // A batch that would wait an hour, as the OTLP exporter's batches wait seconds: a span reaches the list only
        // through the flush the runtime runs after the outcome (or at the deadline), so the tests see that flush.
        _tracer = tracerBuilder.AddProcessor(new BatchActivityExportProcessor(new global::OpenTelemetry.Exporter.InMemoryExporter<Activity>(_spans), scheduledDelayMilliseconds: 3_600_000)).Build();
        _meter = Sdk.CreateMeterProviderBuilder().AddLambdaStreamingInstrumentation().AddInMemoryExporter(_metrics).Build();
    }

    /// <summary>The spans exported so far.</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>The runtime's span of one invocation, if it has been exported.</summary>
    public Activity? SpanOf(string requestId) =>
        Spans.SingleOrDefault(span => span.Source.Name == LambdaTelemetry.ActivitySourceName && (string?)span.GetTagItem(LambdaTelemetryNames.FaasInvocationId) == requestId);

    /// <summary>The last exported state of a metric (the SDK's default temporality is cumulative).</summary>
    public MetricSnapshot? Metric(string name)
    {
        lock (_metrics)
        {
            return _metrics.LastOrDefault(metric => metric.Name == name);
        }
    }

    /// <summary>The sum of a counter's points whose tags include every one given.</summary>
    public long CounterSum(string name, params (string Key, string Value)[] tags) =>
        Metric(name)?.MetricPoints.Where(point => HasTags(point, tags)).Sum(point => point.GetSumLong()) ?? 0;

    /// <summary>How many values a histogram recorded over its points whose tags include every one given.</summary>
    public long HistogramCount(string name, params (string Key, string Value)[] tags) =>
        Metric(name)?.MetricPoints.Where(point => HasTags(point, tags)).Sum(point => point.GetHistogramCount()) ?? 0;

    public void Dispose()
    {
        _tracer.Dispose();
        _meter.Dispose();
    }

    private static bool HasTags(MetricPoint point, (string Key, string Value)[] wanted)
    {
        var found = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            found[tag.Key] = tag.Value;
        }
        return wanted.All(tag => found.TryGetValue(tag.Key, out var value) && Equals(value, tag.Value));
    }
}
