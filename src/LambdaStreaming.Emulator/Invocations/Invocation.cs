using System.Buffers;
using System.Diagnostics;
using LambdaStreaming.Emulator.Ledger;

namespace LambdaStreaming.Emulator.Invocations;

/// <summary>One invocation: its event, its invoker, and what the function reported so far.</summary>
/// <remarks>
/// State changes go through a lock so exactly one party decides the outcome, whoever gets there first:
/// the function's report, the deadline, a process exit or an init failure.
/// </remarks>
internal sealed class Invocation(
    string requestId,
    ReadOnlyMemory<byte> @event,
    string? clientContext,
    string? cognitoIdentity,
    IInvoker invoker,
    bool keepResponseBody)
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte>? _body = keepResponseBody ? new() : null;
    private InvocationState _state = InvocationState.Queued;
    private IReadOnlyDictionary<string, string> _reportHeaders = NoHeaders;
    private string? _contentType;
    private long _responseBytes;
    private long? _firstByteTimestamp;
    private long _endTimestamp;
    private ITimer? _deadlineTimer;

    public string RequestId { get; } = requestId;

    public ReadOnlyMemory<byte> Event { get; } = @event;

    /// <summary>Decoded <c>X-Amz-Client-Context</c> (JSON), passed on as <c>Lambda-Runtime-Client-Context</c>.</summary>
    public string? ClientContext { get; } = clientContext;

    /// <summary>Passed on as <c>Lambda-Runtime-Cognito-Identity</c>.</summary>
    public string? CognitoIdentity { get; } = cognitoIdentity;

    public IInvoker Invoker { get; } = invoker;

    /// <summary>The caller's <c>X-Amz-Tenant-Id</c>, passed on as <c>Lambda-Runtime-Aws-Tenant-Id</c>.</summary>
    public string? TenantId { get; init; }

    /// <summary>
    /// The <c>Lambda-Runtime-Invocation-Id</c> sent with <c>next</c>, as Lambda now sends it: a report that echoes it
    /// must echo this one (one that does not echo it at all, as older runtimes and the Node RIC do, is accepted).
    /// </summary>
    public string InvocationId { get; } = Guid.NewGuid().ToString();

    public long QueuedTimestamp { get; } = Stopwatch.GetTimestamp();

    /// <summary>The <c>Lambda-Runtime-Trace-Id</c> it was handed out with; null until then.</summary>
    public string? TraceHeader { get; set; }

    public DateTimeOffset? Deadline { get; private set; }

    public long? NextWrittenTimestamp { get; private set; }

    /// <summary>Whether it was handed out, and so holds a concurrency slot until it finishes.</summary>
    public bool WasHandedOut => Deadline is not null;

    /// <summary>Whether the deadline decided the outcome.</summary>
    public bool TimedOut { get; private set; }

    public bool IsFinished
    {
        get
        {
            lock (_gate)
            {
                return _state == InvocationState.Finished;
            }
        }
    }

    /// <summary>The execution environment it was handed to; null while queued.</summary>
    public Environments.ExecutionEnvironment? Environment { get; private set; }

    /// <summary>Moves a queued invocation to an environment's function; false if it finished while queued.</summary>
    public bool TryHandOut(DateTimeOffset deadline, Environments.ExecutionEnvironment environment)
    {
        lock (_gate)
        {
            if (_state != InvocationState.Queued)
            {
                return false;
            }

            _state = InvocationState.HandedOut;
            Deadline = deadline;
            Environment = environment;
            return true;
        }
    }

    /// <summary>Keeps the deadline timer so finishing can stop it.</summary>
    public void SetDeadlineTimer(ITimer timer)
    {
        lock (_gate)
        {
            if (_state != InvocationState.Finished)
            {
                _deadlineTimer = timer;
                return;
            }
        }

        timer.Dispose();
    }

    public void MarkNextWritten(long timestamp) => NextWrittenTimestamp = timestamp;

    /// <summary>Lets one <c>/response</c> or <c>/error</c> post own the invocation.</summary>
    public ReportClaim TryClaimReport(IReadOnlyDictionary<string, string> reportHeaders)
    {
        lock (_gate)
        {
            switch (_state)
            {
                case InvocationState.Queued:
                    return ReportClaim.NotHandedOut;
                case InvocationState.HandedOut:
                    _state = InvocationState.Reporting;
                    _reportHeaders = reportHeaders;
                    return ReportClaim.Claimed;
                default:
                    return ReportClaim.Duplicate;
            }
        }
    }

    /// <summary>Gives up a claim whose report was refused (too large), so the function can still report an error.</summary>
    public void ReleaseReport()
    {
        lock (_gate)
        {
            if (_state == InvocationState.Reporting)
            {
                _state = InvocationState.HandedOut;
            }
        }
    }

    public void SetContentType(string contentType)
    {
        lock (_gate)
        {
            _contentType = contentType;
        }
    }

    /// <summary>Counts (and, for tests, keeps) body bytes as they arrive.</summary>
    public void OnBodyReceived(ReadOnlySequence<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            // Bytes that arrive after a timeout or process exit decided the outcome are not part of the response.
            if (_state == InvocationState.Finished)
            {
                return;
            }

            _firstByteTimestamp ??= now;
            _responseBytes += data.Length;
            if (_body is not null)
            {
                foreach (var segment in data)
                {
                    _body.Write(segment.Span);
                }
            }
        }
    }

    /// <summary>Decides the outcome; true for exactly one caller, who must then answer the invoker and record it.</summary>
    /// <param name="timedOut">The deadline decides it (set under the same lock, so a late report can tell).</param>
    public bool TryFinish(bool timedOut = false)
    {
        lock (_gate)
        {
            if (_state == InvocationState.Finished)
            {
                return false;
            }

            _state = InvocationState.Finished;
            TimedOut = timedOut;
            _endTimestamp = Stopwatch.GetTimestamp();
            _deadlineTimer?.Dispose();
            return true;
        }
    }

    public InvocationRecord ToRecord(
        InvocationOutcome outcome,
        string? errorType,
        string? errorBody,
        IReadOnlyDictionary<string, string>? trailers)
    {
        lock (_gate)
        {
            return new InvocationRecord
            {
                RequestId = RequestId,
                InvocationId = InvocationId,
                Environment = Environment?.Number,
                Outcome = outcome,
                Event = Event,
                ReportHeaders = _reportHeaders,
                ContentType = _contentType,
                ResponseBody = _body?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty,
                ResponseBytes = _responseBytes,
                ErrorType = errorType,
                ErrorBody = errorBody,
                Trailers = trailers ?? NoHeaders,
                Deadline = Deadline,
                TraceHeader = TraceHeader,
                QueuedTimestamp = QueuedTimestamp,
                NextWrittenTimestamp = NextWrittenTimestamp,
                FirstByteTimestamp = _firstByteTimestamp,
                EndTimestamp = _endTimestamp,
            };
        }
    }
}
