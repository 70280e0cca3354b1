using System.Diagnostics;
using LambdaStreaming.Hosting;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Telemetry;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// One invocation's span and measurements, made only while something listens (<see cref="RuntimeInstruments.IsObserved"/>).
/// It ends once: with the invocation's outcome, or when the deadline token fires first (then it is exported at once,
/// since Lambda may end the environment at the deadline).
/// </summary>
internal sealed class InvocationTelemetry
{
    private static readonly object True = true;
    private static readonly object False = false;

    private readonly RuntimeTelemetry _runtime;
    private readonly Invocation _invocation;
    private readonly ResponseFigures _figures = new();
    private readonly Activity? _activity;
    private readonly string _trigger;
    private readonly bool _coldStart;
    private CancellationTokenRegistration _deadline;
    private int _ended;

    private InvocationTelemetry(RuntimeTelemetry runtime, Invocation invocation, ResponseControl response, bool coldStart)
    {
        _runtime = runtime;
        _invocation = invocation;
        _coldStart = coldStart;
        response.Figures = _figures;
        var facts = InvocationEventFacts.Read(invocation.Payload.Span);
        _trigger = facts.IsHttp ? "http" : "other";
        if (RuntimeInstruments.Source.HasListeners())
        {
            _activity = StartActivity(facts);
        }
    }

    /// <summary>Starts the invocation's telemetry, or returns null (having done nothing else) when nothing listens.</summary>
    /// <param name="runtime">The runtime's shared telemetry state.</param>
    /// <param name="invocation">The invocation.</param>
    /// <param name="response">Its response, which counts its sends into the telemetry's figures from now on.</param>
    /// <param name="deadline">Its deadline token: when it fires first, the span ends there.</param>
    public static InvocationTelemetry? Start(RuntimeTelemetry runtime, Invocation invocation, ResponseControl response, CancellationToken deadline)
    {
        var coldStart = runtime.TakeColdStart();
        if (!RuntimeInstruments.IsObserved)
        {
            return null;
        }
        try
        {
            var telemetry = new InvocationTelemetry(runtime, invocation, response, coldStart);
            telemetry._deadline = deadline.UnsafeRegister(static state => ((InvocationTelemetry)state!).EndAtDeadline(), telemetry);
            return telemetry;
        }
        catch (Exception ex)
        {
            // A listener's callback (a sampler, a processor) threw: the invocation goes on unrecorded.
            runtime.Log.Write(invocation.RequestId, LogLevel.Error, $"Recording the invocation's telemetry failed; it runs unrecorded: {ex.Message}", ex);
            response.Figures = null;
            // The activity may have started (and become current) before the callback threw: the handler must not inherit it.
            Activity.Current = null;
            return null;
        }
    }

    /// <summary>Ends the telemetry with the outcome reported; <paramref name="failure"/> is what the handler threw, if anything.</summary>
    public void End(ResponseOutcome outcome, Exception? failure)
    {
        // Waits for a deadline callback already running, so the span is complete before the worker flushes.
        _deadline.Dispose();
        var (name, failed) = outcome switch
        {
            ResponseOutcome.Response => (LambdaTelemetryNames.OutcomeResponse, false),
            ResponseOutcome.Stream => (LambdaTelemetryNames.OutcomeStream, false),
            ResponseOutcome.StreamWithErrorTrailers => (LambdaTelemetryNames.OutcomeErrorTrailers, true),
            _ => (LambdaTelemetryNames.OutcomeError, true),
        };
        TryFinish(name, failed ? failure : null, failure);
    }

    // On the deadline timer's thread: nothing may escape it.
    private void EndAtDeadline()
    {
        if (TryFinish(LambdaTelemetryNames.OutcomeTimeout, null, null))
        {
            _runtime.Flush(_invocation.RequestId);
        }
    }

    private bool TryFinish(string outcome, Exception? error, Exception? failure)
    {
        try
        {
            return Finish(outcome, error, failure);
        }
        catch (Exception ex)
        {
            // A listener's callback threw while the span ended: logged, and the worker goes on to its next poll.
            _runtime.Log.Write(_invocation.RequestId, LogLevel.Error, $"Recording the end of the invocation's telemetry failed: {ex.Message}", ex);
            return false;
        }
    }

    private Activity? StartActivity(InvocationEventFacts facts)
    {
        var parent = ChooseParent(facts);
        var (resourceId, accountId) = _runtime.Resource(_invocation.InvokedFunctionArn);
        KeyValuePair<string, object?>[] tags =
        [
            new(LambdaTelemetryNames.FaasTrigger, _trigger),
            new(LambdaTelemetryNames.FaasInvocationId, _invocation.RequestId),
            new(LambdaTelemetryNames.FaasColdStart, _coldStart ? True : False),
            new(LambdaTelemetryNames.CloudResourceId, resourceId),
            new(LambdaTelemetryNames.CloudAccountId, accountId),
        ];
        // A root when no parent was found, whatever the caller's flow held (a test host's own activity, say).
        Activity.Current = null;
        return RuntimeInstruments.Source.StartActivity(_runtime.SpanName, ActivityKind.Server, parent, tags);
    }

    private ActivityContext ChooseParent(InvocationEventFacts facts)
    {
        var sources = _runtime.ParentSources;
        var log = _runtime.Log;
        if ((sources & TraceParentSources.XRay) != 0)
        {
            switch (XRayTraceHeader.TryParse(_invocation.TraceId, out var xray))
            {
                case XRayTraceHeader.Result.Parent:
                    return xray;
                case XRayTraceHeader.Result.Missing:
                    Debug("The invocation has no X-Ray trace header (Lambda-Runtime-Trace-Id)");
                    break;
                case XRayTraceHeader.Result.Malformed:
                    Debug($"The invocation's X-Ray trace header '{_invocation.TraceId}' is malformed");
                    break;
                case XRayTraceHeader.Result.NoParent:
                    Debug("The invocation's X-Ray trace header is sampled but names no Parent");
                    break;
            }
        }
        if ((sources & TraceParentSources.TraceContext) != 0 && facts.TraceParent is { } traceParent)
        {
            if (ActivityContext.TryParse(traceParent, facts.TraceState, isRemote: true, out var context))
            {
                return context;
            }
            Debug($"The event's traceparent header '{traceParent}' is not W3C trace context");
        }
        return default;

        void Debug(string problem)
        {
            if (log.IsEnabled(LogLevel.Debug))
            {
                log.Write(_invocation.RequestId, LogLevel.Debug, $"{problem}; looking for the span's parent elsewhere.");
            }
        }
    }

    /// <summary>Records the end once; false when it had already been recorded.</summary>
    private bool Finish(string outcome, Exception? error, Exception? failure)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return false;
        }
        var figures = _figures;
        var duration = Stopwatch.GetElapsedTime(figures.StartTimestamp);
        var timedOut = ReferenceEquals(outcome, LambdaTelemetryNames.OutcomeTimeout);
        var errorType = timedOut ? "timeout" : error is null ? null : error.GetType().FullName ?? error.GetType().Name;
        if (_activity is { } activity)
        {
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(LambdaTelemetryNames.Outcome, outcome);
                activity.SetTag(LambdaTelemetryNames.ResponseMode, figures.IsBuffered ? "buffered" : "streaming");
                activity.SetTag(LambdaTelemetryNames.ResponseBytes, figures.Bytes);
                activity.SetTag(LambdaTelemetryNames.ResponseChunks, figures.Chunks);
                activity.SetTag(LambdaTelemetryNames.BackpressureWait, figures.BackpressureWait.TotalSeconds);
                if (figures.TimeToFirstByte is { } firstByte)
                {
                    activity.SetTag(LambdaTelemetryNames.TimeToFirstByte, firstByte.TotalSeconds);
                    activity.AddEvent(new ActivityEvent(LambdaTelemetryNames.FirstByteEvent, new DateTimeOffset(activity.StartTimeUtc + firstByte)));
                }
                if (failure is not null)
                {
                    activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
                    {
                        ["exception.type"] = failure.GetType().FullName,
                        ["exception.message"] = failure.Message,
                        ["exception.stacktrace"] = failure.ToString(),
                    }));
                }
                if (errorType is not null)
                {
                    activity.SetTag(LambdaTelemetryNames.ErrorType, errorType);
                    activity.SetStatus(ActivityStatusCode.Error, timedOut ? "The invocation reached its deadline." : error!.Message);
                }
            }
            try
            {
                activity.Stop();
            }
            catch (Exception ex)
            {
                // A listener's ActivityStopped threw: the metrics below are still recorded.
                _runtime.Log.Write(_invocation.RequestId, LogLevel.Error, $"Ending the invocation's span failed: {ex.Message}", ex);
            }
        }

        var trigger = new KeyValuePair<string, object?>(LambdaTelemetryNames.FaasTrigger, _trigger);
        if (_coldStart)
        {
            RuntimeInstruments.ColdStarts.Add(1, trigger);
        }
        RuntimeInstruments.InvokeDuration.Record(duration.TotalSeconds, trigger);
        RuntimeInstruments.Invocations.Add(1, trigger, new KeyValuePair<string, object?>(LambdaTelemetryNames.Outcome, outcome));
        (timedOut ? RuntimeInstruments.Timeouts : errorType is null ? RuntimeInstruments.SuccessfulInvocations : RuntimeInstruments.Errors).Add(1, trigger);
        if (figures.TimeToFirstByte is { } sent)
        {
            RuntimeInstruments.TimeToFirstByte.Record(sent.TotalSeconds, trigger);
        }
        if (!timedOut && !ReferenceEquals(outcome, LambdaTelemetryNames.OutcomeError))
        {
            RuntimeInstruments.ResponseSize.Record(figures.Bytes, trigger);
            if (!figures.IsBuffered)
            {
                RuntimeInstruments.BackpressureWait.Record(figures.BackpressureWait.TotalSeconds, trigger);
            }
        }
        return true;
    }
}
