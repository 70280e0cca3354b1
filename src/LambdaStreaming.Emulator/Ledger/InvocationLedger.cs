using System.Collections.Concurrent;

namespace LambdaStreaming.Emulator.Ledger;

/// <summary>
/// What happened in an emulator: every invocation's outcome, init errors, <c>next</c> calls,
/// refused reports and function process exits. Everything can be awaited, so tests never poll.
/// </summary>
/// <remarks>
/// The lists are kept only when <see cref="EmulatorOptions.RecordInvocations"/> is true; otherwise only
/// <see cref="WaitForOutcomeAsync"/> works, for invocations not yet finished.
/// </remarks>
public sealed class InvocationLedger
{
    private readonly bool _recording;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationRecord>> _outcomes = new(StringComparer.Ordinal);
    private readonly AwaitableLog<string> _queued = new();
    private readonly AwaitableLog<InvocationRecord> _completed = new();
    private readonly AwaitableLog<InitErrorRecord> _initErrors = new();
    private readonly AwaitableLog<NextRequest> _nextRequests = new();
    private readonly AwaitableLog<RejectedReport> _rejectedReports = new();
    private readonly AwaitableLog<ProcessExit> _processExits = new();

    internal InvocationLedger(bool recording) => _recording = recording;

    /// <summary>Request ids of invocations in the order they were queued by an invoker.</summary>
    public IReadOnlyList<string> Queued => _queued.Snapshot();

    /// <summary>Finished invocations, in the order their outcomes were decided.</summary>
    public IReadOnlyList<InvocationRecord> Completed => _completed.Snapshot();

    /// <summary>Reports posted to <c>/runtime/init/error</c>.</summary>
    public IReadOnlyList<InitErrorRecord> InitErrors => _initErrors.Snapshot();

    /// <summary><c>next</c> calls, in arrival order.</summary>
    public IReadOnlyList<NextRequest> NextRequests => _nextRequests.Snapshot();

    /// <summary>Refused <c>/response</c> and <c>/error</c> posts: unknown, malformed or duplicate request ids.</summary>
    public IReadOnlyList<RejectedReport> RejectedReports => _rejectedReports.Snapshot();

    /// <summary>Exits of the spawned function process.</summary>
    public IReadOnlyList<ProcessExit> ProcessExits => _processExits.Snapshot();

    /// <summary>Completes when the invocation with this request id has its outcome.</summary>
    /// <exception cref="ArgumentException">No invocation with this id exists (or it finished and records are not kept).</exception>
    public Task<InvocationRecord> WaitForOutcomeAsync(string requestId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        return _outcomes.TryGetValue(requestId, out var outcome)
            ? outcome.Task.WaitAsync(cancellationToken)
            : throw new ArgumentException($"No invocation has request id '{requestId}'.", nameof(requestId));
    }

    /// <summary>Completes with the request ids of the first <paramref name="count"/> queued invocations once that many were queued.</summary>
    public Task<IReadOnlyList<string>> WaitForQueuedAsync(int count, CancellationToken cancellationToken = default) =>
        Recorded(_queued).WaitForCountAsync(count, cancellationToken);

    /// <summary>Completes with the first <paramref name="count"/> finished invocations once that many finished.</summary>
    public Task<IReadOnlyList<InvocationRecord>> WaitForCompletedAsync(int count, CancellationToken cancellationToken = default) =>
        Recorded(_completed).WaitForCountAsync(count, cancellationToken);

    /// <summary>Completes with the first <paramref name="count"/> init errors once that many arrived.</summary>
    public Task<IReadOnlyList<InitErrorRecord>> WaitForInitErrorsAsync(int count, CancellationToken cancellationToken = default) =>
        Recorded(_initErrors).WaitForCountAsync(count, cancellationToken);

    /// <summary>Completes with the first <paramref name="count"/> <c>next</c> calls once that many arrived.</summary>
    public Task<IReadOnlyList<NextRequest>> WaitForNextRequestsAsync(int count, CancellationToken cancellationToken = default) =>
        Recorded(_nextRequests).WaitForCountAsync(count, cancellationToken);

    /// <summary>Completes with the first <paramref name="count"/> refused reports once that many happened.</summary>
    public Task<IReadOnlyList<RejectedReport>> WaitForRejectedReportsAsync(int count, CancellationToken cancellationToken = default) =>
        Recorded(_rejectedReports).WaitForCountAsync(count, cancellationToken);

    /// <summary>Completes with the first <paramref name="count"/> function process exits once that many happened.</summary>
    public Task<IReadOnlyList<ProcessExit>> WaitForProcessExitsAsync(int count, CancellationToken cancellationToken = default) =>
        Recorded(_processExits).WaitForCountAsync(count, cancellationToken);

    internal void Register(string requestId)
    {
        _outcomes[requestId] = new TaskCompletionSource<InvocationRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        AddIfRecording(_queued, requestId);
    }

    internal void Complete(InvocationRecord record)
    {
        if (_recording)
        {
            _completed.Add(record);
            _outcomes[record.RequestId].TrySetResult(record);
        }
        else if (_outcomes.TryRemove(record.RequestId, out var outcome))
        {
            outcome.TrySetResult(record);
        }
    }

    /// <summary>The emulator shut down before the invocation finished.</summary>
    internal void Abandon(string requestId)
    {
        if (_outcomes.TryRemove(requestId, out var outcome))
        {
            outcome.TrySetCanceled();
        }
    }

    internal void Add(InitErrorRecord initError) => AddIfRecording(_initErrors, initError);

    internal void Add(NextRequest nextRequest) => AddIfRecording(_nextRequests, nextRequest);

    internal void Add(RejectedReport rejectedReport) => AddIfRecording(_rejectedReports, rejectedReport);

    internal void Add(ProcessExit processExit) => AddIfRecording(_processExits, processExit);

    private void AddIfRecording<T>(AwaitableLog<T> log, T item)
    {
        if (_recording)
        {
            log.Add(item);
        }
    }

    private AwaitableLog<T> Recorded<T>(AwaitableLog<T> log) =>
        _recording ? log : throw new InvalidOperationException($"The ledger keeps records only when {nameof(EmulatorOptions)}.{nameof(EmulatorOptions.RecordInvocations)} is true.");
}
