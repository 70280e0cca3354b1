using LambdaStreaming.Telemetry;

namespace LambdaStreaming.InvocationLoop;

/// <summary>What the invocations of one runtime share for their telemetry: the environment, the cold-start flag, and where flush failures go.</summary>
internal sealed class RuntimeTelemetry(LambdaEnvironment environment, TraceParentSources parentSources, LogSink log)
{
    private int _coldStartTaken;
    // One object, swapped whole: workers read it concurrently.
    private Tuple<string, string, string?>? _lastArn;

    public TraceParentSources ParentSources => parentSources;

    public LogSink Log => log;

    /// <summary>The span's name: the function's, as the FaaS conventions ask.</summary>
    public string SpanName => environment.FunctionName.Length == 0 ? "function" : environment.FunctionName;

    /// <summary>True once per runtime, for its first invocation.</summary>
    public bool TakeColdStart() => Volatile.Read(ref _coldStartTaken) == 0 && Interlocked.Exchange(ref _coldStartTaken, 1) == 0;

    /// <summary>
    /// <c>cloud.resource_id</c> and <c>cloud.account.id</c> of an invoked ARN: the conventions ask for the function's ARN
    /// with an alias replaced by the version that ran, so one environment reports one id whichever alias called it.
    /// </summary>
    public (string ResourceId, string? AccountId) Resource(string invokedArn)
    {
        if (Volatile.Read(ref _lastArn) is { } last && last.Item1 == invokedArn)
        {
            return (last.Item2, last.Item3);
        }
        // arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]
        var parts = invokedArn.Split(':');
        string resourceId = invokedArn;
        string? accountId = null;
        if (parts.Length >= 7 && parts[0] == "arn" && parts[5] == "function")
        {
            accountId = parts[4].Length == 0 ? null : parts[4];
            var unqualified = string.Join(':', parts, 0, 7);
            resourceId = parts.Length > 7 ? $"{unqualified}:{environment.FunctionVersion}" : unqualified;
        }
        Volatile.Write(ref _lastArn, Tuple.Create(invokedArn, resourceId, accountId));
        return (resourceId, accountId);
    }

    /// <summary>Runs the registered flushes (see <see cref="LambdaTelemetry.RegisterFlush"/>), logging any that fails.</summary>
    public void Flush(string? requestId) =>
        LambdaTelemetry.Flush(ex => log.Write(requestId, LogLevel.Error, $"Exporting the invocation's telemetry failed: {ex.Message}", ex));
}
