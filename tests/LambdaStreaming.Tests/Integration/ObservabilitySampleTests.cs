using System.Diagnostics;
using System.Net;
using System.Text;
using LambdaStreaming.Emulator;
using LambdaStreaming.Telemetry;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// <c>samples/Observability</c> as a real process behind the emulator's Function URL front with active tracing, its
/// telemetry read from what the OpenTelemetry console exporter printed on the function's stdout.
/// </summary>
public sealed class ObservabilitySampleTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task An_invocation_s_span_hangs_on_the_XRay_parent_and_is_printed_with_the_metrics_before_the_next_poll()
    {
        var output = new LineWriter();
        await using var emulator = await StartAsync(output);

        using var response = await emulator.StreamAsync(Http);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await SseClient.ReadAllAsync(await response.Content.ReadAsStreamAsync()).WithGuard();
        Assert.Equal(["step 1", "step 2", "step 3", "step 4", "step 5"], events.Select(e => e.Item.Data));
        Assert.Equal(["1", "2", "3", "4", "5"], events.Select(e => e.Item.EventId));
        var requestId = response.RequestId();
        var record = await emulator.Ledger.WaitForOutcomeAsync(requestId).WithGuard();
        var xray = ParseXRayHeader(record.TraceHeader);
        Assert.Equal("1", xray["Sampled"]);

        // The runtime asks for the next invocation: from here Lambda may freeze or end the environment, so what the
        // invocation recorded must already be out. The emulator reads the function's stdout on a pump of its own, so
        // a line written before the poll can still be on its way to `output` when the ledger records the poll; ending
        // the process right there (as Lambda may) and waiting for the emulator to see its exit, which it records once
        // its output is read to the end, leaves exactly what was printed before and during the poll.
        await emulator.Ledger.WaitForNextRequestsAsync(2).WithGuard();
        var processId = emulator.FunctionProcessId ?? throw new InvalidOperationException("The function process is not running.");
        using (var process = Process.GetProcessById(processId))
        {
            process.Kill();
        }
        var exit = Assert.Single(await emulator.Ledger.WaitForProcessExitsAsync(1).WithGuard());
        Assert.Equal(processId, exit.ProcessId);
        var lines = output.Lines;
        var printed = string.Join('\n', lines);

        var spans = ConsoleSpan.ReadAll(lines).Where(s => s.Tags.GetValueOrDefault(LambdaTelemetryNames.FaasInvocationId) == requestId).ToList();
        Assert.True(spans.Count == 1, $"Expected one span for {requestId} before the next poll, found {spans.Count}. The function printed:\n{printed}");
        var span = spans[0];
        Assert.Equal("Server", span.Fields.GetValueOrDefault("Activity.Kind"));
        Assert.Equal(LambdaTelemetry.ActivitySourceName, span.ScopeName);
        Assert.Equal(LambdaTelemetryNames.OutcomeStream, span.Tags.GetValueOrDefault(LambdaTelemetryNames.Outcome));
        Assert.Equal("streaming", span.Tags.GetValueOrDefault(LambdaTelemetryNames.ResponseMode));
        Assert.Equal("http", span.Tags.GetValueOrDefault(LambdaTelemetryNames.FaasTrigger));
        Assert.Equal("true", span.Tags.GetValueOrDefault(LambdaTelemetryNames.FaasColdStart));
        // Each event is flushed as its own chunk (the HTTP prelude rides with the first); the bytes are what the
        // emulator received, prelude included.
        Assert.Equal("5", span.Tags.GetValueOrDefault(LambdaTelemetryNames.ResponseChunks));
        Assert.Equal(record.ResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), span.Tags.GetValueOrDefault(LambdaTelemetryNames.ResponseBytes));
        Assert.True(span.Tags.ContainsKey(LambdaTelemetryNames.TimeToFirstByte), $"The span has no {LambdaTelemetryNames.TimeToFirstByte}:\n{printed}");

        // The X-Ray header's Parent is the span's parent, its Root the trace: 1-{8 hex}-{24 hex} is the W3C trace id.
        Assert.Equal(xray["Parent"], span.Fields.GetValueOrDefault("Activity.ParentSpanId"));
        Assert.Equal(xray["Root"][2..10] + xray["Root"][11..], span.Fields.GetValueOrDefault("Activity.TraceId"));

        // The metrics were exported too, though the console's periodic reader would wait an hour (OTEL_METRIC_EXPORT_INTERVAL
        // below): only the runtime's flush after the invocation prints them.
        var invocations = ConsoleMetric.Find(lines, LambdaTelemetryNames.Invocations);
        Assert.True(invocations.Count > 0, $"No {LambdaTelemetryNames.Invocations} metric was printed before the next poll. The function printed:\n{printed}");
        Assert.Contains(invocations, line => line.Contains($"{LambdaTelemetryNames.Outcome}: {LambdaTelemetryNames.OutcomeStream}", StringComparison.Ordinal));
        Assert.Contains(invocations, line => line.Trim() == "Value: 1");
        var duration = ConsoleMetric.Find(lines, LambdaTelemetryNames.InvokeDuration);
        Assert.True(duration.Count > 0, $"No {LambdaTelemetryNames.InvokeDuration} metric was printed before the next poll. The function printed:\n{printed}");
        Assert.Contains(duration, line => line.Contains("Count: 1 ", StringComparison.Ordinal));
    }

    private static Task<EmulatorHost> StartAsync(TextWriter functionOutput)
    {
        // EmulatorFixture.StartAsync's log is the emulator's own lines; the function's output needs FunctionOutput.
        var options = new EmulatorOptions
        {
            RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            FunctionCommand = SampleCommand.For("Observability"),
            // One process: the one whose output is read and which is ended in its poll.
            MaxEnvironments = 1,
            Log = TextWriter.Null,
            FunctionOutput = functionOutput,
            ActiveTracing = true,
        };
        options.Environment["OTEL_METRIC_EXPORT_INTERVAL"] = "3600000";
        return EmulatorHost.StartAsync(options);
    }

    private static Dictionary<string, string> ParseXRayHeader(string? header)
    {
        Assert.NotNull(header);
        return header.Split(';').Select(field => field.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
    }

    /// <summary>
    /// One span as the console exporter prints it: <c>Activity.Name: value</c> lines, <c>Activity.Tags:</c> followed
    /// by indented <c>name: value</c> lines, other indented sections (events, scope, resource), and a blank line.
    /// </summary>
    private sealed record ConsoleSpan(IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, string> Tags, string? ScopeName)
    {
        public static IEnumerable<ConsoleSpan> ReadAll(IReadOnlyList<string> lines)
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (!lines[i].StartsWith("Activity.TraceId:", StringComparison.Ordinal))
                {
                    continue;
                }

                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                string? section = null, scopeName = null;
                for (; i < lines.Count && lines[i].Length > 0; i++)
                {
                    var line = lines[i];
                    if (char.IsWhiteSpace(line[0]))
                    {
                        var entry = line.Trim();
                        var separator = entry.IndexOf(": ", StringComparison.Ordinal);
                        if (separator > 0 && section == "Activity.Tags")
                        {
                            tags[entry[..separator]] = entry[(separator + 2)..];
                        }
                        else if (separator > 0 && section == "Instrumentation scope (ActivitySource)" && entry[..separator] == "Name")
                        {
                            scopeName = entry[(separator + 2)..];
                        }
                        continue;
                    }

                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon < 0)
                    {
                        continue;
                    }
                    var name = line[..colon];
                    var value = line[(colon + 1)..].Trim();
                    fields[name] = value;
                    section = value.Length == 0 ? name : null;
                }

                yield return new ConsoleSpan(fields, tags, scopeName);
            }
        }
    }

    /// <summary>A metric as the console exporter prints it: <c>Metric Name: name, ...</c> up to the next blank line (none: empty).</summary>
    private static class ConsoleMetric
    {
        public static IReadOnlyList<string> Find(IReadOnlyList<string> lines, string name)
        {
            var start = -1;
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].StartsWith($"Metric Name: {name},", StringComparison.Ordinal))
                {
                    start = i;
                    break;
                }
            }
            if (start < 0)
            {
                return [];
            }

            var end = start;
            while (end < lines.Count && lines[end].Length > 0)
            {
                end++;
            }
            return [.. lines.Skip(start).Take(end - start)];
        }
    }

    /// <summary>The function's output as the emulator passes it on, line by line.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly Lock _gate = new();
        private readonly List<string> _lines = [];
        private readonly StringBuilder _partial = new();

        public override Encoding Encoding => Encoding.UTF8;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _lines];
                }
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                if (value == '\n')
                {
                    EndLine();
                }
                else
                {
                    _partial.Append(value);
                }
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_gate)
            {
                _partial.Append(value);
                EndLine();
            }
        }

        private void EndLine()
        {
            _lines.Add(_partial.ToString().TrimEnd('\r'));
            _partial.Clear();
        }
    }
}
