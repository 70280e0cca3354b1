using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using LambdaStreaming.Emulator.Ledger;

namespace LambdaStreaming.Emulator.Invocations;

/// <summary>
/// Queues invocations, hands them to <c>next</c> calls within the concurrency limit, enforces deadlines,
/// and records every outcome exactly once.
/// </summary>
internal sealed class InvocationScheduler
{
    private readonly Channel<Invocation> _queue = Channel.CreateUnbounded<Invocation>();
    private readonly ConcurrentDictionary<string, Invocation> _invocations = new(StringComparer.Ordinal);
    private readonly RecentIds _recentlyFinished = new(capacity: 4096);
    private readonly RecentIds _recentlyTimedOut = new(capacity: 4096);
    private readonly EmulatorOptions _options;
    private readonly InvocationLedger _ledger;
    private readonly EmulatorLog _log;

    public InvocationScheduler(EmulatorOptions options, InvocationLedger ledger, EmulatorLog log)
    {
        _options = options;
        _ledger = ledger;
        _log = log;
    }

    /// <summary>Raised after an invocation timed out, so its environment can be retired (on demand) or kept (Managed Instances).</summary>
    public event Action<Invocation>? TimedOut;

    /// <summary>Raised after an invocation was queued, so the environments can scale out to take it.</summary>
    public event Action<Invocation>? Queued;

    private int _waiting;

    /// <summary>Invocations queued and not yet handed out (nor finished while queued).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Queues an invocation under a request id the caller chose, so it could set the invoker's headers first.</summary>
    public Invocation Enqueue(string requestId, ReadOnlyMemory<byte> @event, string? clientContext, string? cognitoIdentity, IInvoker invoker, string? tenantId = null)
    {
        var invocation = new Invocation(
            requestId, @event, clientContext, cognitoIdentity, invoker, _options.RecordInvocations) { TenantId = tenantId };
        // Registered before it can be handed out, so even an instant outcome finds its ledger entry.
        _ledger.Register(invocation.RequestId);
        _invocations[invocation.RequestId] = invocation;
        Interlocked.Increment(ref _waiting);
        _queue.Writer.TryWrite(invocation);
        Queued?.Invoke(invocation);
        return invocation;
    }

    /// <summary>
    /// Waits for a free concurrency slot of <paramref name="environment"/> and a queued invocation; null when
    /// cancelled or when the environment is being retired.
    /// </summary>
    public async Task<Invocation?> HandOutAsync(Environments.ExecutionEnvironment environment, CancellationToken cancellationToken)
    {
        try
        {
            await environment.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        if (!environment.TakesWork)
        {
            // Its process is being retired: Lambda answers its polls with nothing, and the process ends soon.
            environment.Slots.Release();
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return null;
        }

        environment.BeginPoll();
        try
        {
            while (true)
            {
                var invocation = await _queue.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                bool handedOut;
                lock (environment.Gate)
                {
                    if (!environment.TakesWork)
                    {
                        // Taken by an environment on its way out: back to the queue for another one.
                        _queue.Writer.TryWrite(invocation);
                        environment.Slots.Release();
                        return null;
                    }

                    handedOut = invocation.TryHandOut(_options.TimeProvider.GetUtcNow() + _options.Timeout, environment);
                    if (handedOut)
                    {
                        environment.OnHandedOut();
                    }
                }

                if (handedOut)
                {
                    Interlocked.Decrement(ref _waiting);
                    invocation.SetDeadlineTimer(
                        _options.TimeProvider.CreateTimer(OnDeadline, invocation, _options.Timeout, System.Threading.Timeout.InfiniteTimeSpan));
                    return invocation;
                }

                // It finished while queued (an init failure answered it): not the function's business.
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            environment.Slots.Release();
            return null;
        }
        finally
        {
            environment.EndPoll();
        }
    }

    public Invocation? Find(string requestId) => _invocations.GetValueOrDefault(requestId);

    /// <summary>Whether an invocation with this id finished lately, though it is no longer kept.</summary>
    public bool FinishedRecently(string requestId) => _recentlyFinished.Contains(requestId);

    /// <summary>
    /// Whether a late report for this invocation is answered 410 Gone: Lambda Managed Instances (concurrency above 1)
    /// keep the environment after a timeout, so its runtime may still report, and learns from 410 that it is too late.
    /// </summary>
    public bool IsGone(string requestId) =>
        _options.MaxConcurrency > 1 && (Find(requestId)?.TimedOut ?? _recentlyTimedOut.Contains(requestId));

    /// <summary>
    /// Decides an error outcome if none is decided yet, and tells the invoker: as an error response when nothing
    /// was sent yet (<see cref="InvocationOutcome.Error"/>), by aborting otherwise (<see cref="InvocationOutcome.StreamError"/>).
    /// <c>decided</c>, if given, runs once the outcome is decided, before the invoker hears of it.
    /// </summary>
    public async Task<bool> TryFailAsync(Invocation invocation, string errorType, string errorBody, bool timedOut = false, Action? decided = null)
    {
        if (!invocation.TryFinish(timedOut))
        {
            return false;
        }

        decided?.Invoke();

        if (!invocation.WasHandedOut)
        {
            Interlocked.Decrement(ref _waiting);
        }

        var reportedAsError = await invocation.Invoker.FailAsync(Encoding.UTF8.GetBytes(errorBody)).ConfigureAwait(false);
        var outcome = timedOut ? InvocationOutcome.Timeout
            : reportedAsError ? InvocationOutcome.Error
            : InvocationOutcome.StreamError;
        Record(invocation, outcome, errorType, errorBody);
        return true;
    }

    /// <summary>Writes the ledger entry and log line of an invocation whose outcome the caller decided.</summary>
    public void Record(
        Invocation invocation,
        InvocationOutcome outcome,
        string? errorType = null,
        string? errorBody = null,
        IReadOnlyDictionary<string, string>? trailers = null)
    {
        var record = invocation.ToRecord(outcome, errorType, errorBody, trailers);
        invocation.Environment?.OnFinished();

        if (!_options.RecordInvocations)
        {
            // Remembering the id alone still lets a late or duplicate report be called what it is.
            _recentlyFinished.Add(invocation.RequestId);
            if (invocation.TimedOut)
            {
                _recentlyTimedOut.Add(invocation.RequestId);
            }

            _invocations.TryRemove(invocation.RequestId, out _);
        }

        _log.Write(FormatLogLine(record));
        _ledger.Complete(record);
    }

    /// <summary>Fails every invocation still waiting for a <c>next</c> (the function could not initialise).</summary>
    public async Task FailQueuedAsync(string errorType, Func<Invocation, string> errorBody)
    {
        foreach (var invocation in _invocations.Values)
        {
            if (!invocation.WasHandedOut)
            {
                await TryFailAsync(invocation, errorType, errorBody(invocation)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Fails every invocation <paramref name="environment"/> holds (its process exited).</summary>
    public async Task FailHandedOutAsync(Environments.ExecutionEnvironment environment, string errorType, Func<Invocation, string> errorBody)
    {
        foreach (var invocation in _invocations.Values)
        {
            if (invocation.Environment == environment && !invocation.IsFinished)
            {
                await TryFailAsync(invocation, errorType, errorBody(invocation)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Ends every unfinished invocation without an outcome: the emulator is shutting down.</summary>
    public void AbandonAll()
    {
        _queue.Writer.TryComplete();
        foreach (var invocation in _invocations.Values)
        {
            if (invocation.TryFinish())
            {
                invocation.Invoker.Abort();
                _ledger.Abandon(invocation.RequestId);
            }
        }
    }

    private void OnDeadline(object? state)
    {
        var invocation = (Invocation)state!;
        _ = TimeOutAsync(invocation);
    }

    private async Task TimeOutAsync(Invocation invocation)
    {
        var seconds = _options.Timeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);
        var message = $"{_options.TimeProvider.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {invocation.RequestId} Task timed out after {seconds} seconds";
        // The environment is retired (or kept) before the invoker learns of the timeout: a request it sends next must
        // not find the retiring environment free.
        await TryFailAsync(invocation, "Sandbox.Timedout", ErrorDocument.Create("Sandbox.Timedout", message), timedOut: true,
            decided: () => TimedOut?.Invoke(invocation)).ConfigureAwait(false);
    }

    private static string FormatLogLine(InvocationRecord record)
    {
        var line = new StringBuilder(160)
            .Append(CultureInfo.InvariantCulture, $"invocation {record.RequestId} outcome={record.Outcome}")
            .Append(CultureInfo.InvariantCulture, $" ttfb_ms={Milliseconds(record.TimeToFirstByte)}")
            .Append(CultureInfo.InvariantCulture, $" duration_ms={Milliseconds(record.Duration)}")
            .Append(CultureInfo.InvariantCulture, $" bytes={record.ResponseBytes}")
            .Append(CultureInfo.InvariantCulture, $" content_type={LogValue(record.ContentType)}");
        if (record.ErrorType is not null)
        {
            line.Append(CultureInfo.InvariantCulture, $" error_type={LogValue(record.ErrorType)}");
        }

        return line.ToString();
    }

    private static string Milliseconds(TimeSpan? span) =>
        span is { } s ? s.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture) : "-";

    // logfmt style: a value with spaces is quoted so every field stays one token for grep and awk.
    private static string LogValue(string? value) =>
        value is null ? "-"
        : value.Contains(' ') || value.Contains('"') ? "\"" + value.Replace("\"", "\\\"") + "\""
        : value;
}
