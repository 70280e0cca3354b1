using System.Diagnostics;

namespace LambdaStreaming.Emulator.Ledger;

/// <summary>One finished invocation, as the emulator saw it.</summary>
public sealed class InvocationRecord
{
    /// <summary>The <c>Lambda-Runtime-Aws-Request-Id</c> the invocation was handed out with.</summary>
    public required string RequestId { get; init; }

    /// <summary>The <c>Lambda-Runtime-Invocation-Id</c> it was handed out with.</summary>
    public required string InvocationId { get; init; }

    /// <summary>The execution environment (1, 2, ...) it ran in; null if it never left the queue.</summary>
    public int? Environment { get; init; }

    /// <summary>How the invocation ended.</summary>
    public required InvocationOutcome Outcome { get; init; }

    /// <summary>The event the function received.</summary>
    public required ReadOnlyMemory<byte> Event { get; init; }

    /// <summary>
    /// Request headers of the function's report (its <c>/response</c> or <c>/error</c> POST), case-insensitive;
    /// empty when the function never reported (timeout, init failure).
    /// </summary>
    public required IReadOnlyDictionary<string, string> ReportHeaders { get; init; }

    /// <summary>The <c>Content-Type</c> forwarded to the invoker, if a response was started.</summary>
    public string? ContentType { get; init; }

    /// <summary>The response body bytes received from the function.</summary>
    public required ReadOnlyMemory<byte> ResponseBody { get; init; }

    /// <summary>How many response body bytes were received.</summary>
    public required long ResponseBytes { get; init; }

    /// <summary>The error type: the <c>/error</c> header, the error trailer, or one the emulator assigned.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The error document (JSON text); for trailers, decoded from base64.</summary>
    public string? ErrorBody { get; init; }

    /// <summary>Request trailers of a streamed response, case-insensitive; empty when there were none.</summary>
    public required IReadOnlyDictionary<string, string> Trailers { get; init; }

    /// <summary>The deadline announced in <c>Lambda-Runtime-Deadline-Ms</c>; null if never handed out.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The X-Ray header (<c>Lambda-Runtime-Trace-Id</c>) it was handed out with; null if never handed out.</summary>
    public string? TraceHeader { get; init; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the invocation was queued.</summary>
    public required long QueuedTimestamp { get; init; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the <c>next</c> response was written; null if never handed out.</summary>
    public long? NextWrittenTimestamp { get; init; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the first response body byte arrived; null if none did.</summary>
    public long? FirstByteTimestamp { get; init; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the outcome was decided.</summary>
    public required long EndTimestamp { get; init; }

    /// <summary>From writing <c>next</c> to the first response byte: the runtime's time to first byte.</summary>
    public TimeSpan? TimeToFirstByte => Between(NextWrittenTimestamp, FirstByteTimestamp);

    /// <summary>From writing <c>next</c> to the outcome.</summary>
    public TimeSpan? Duration => Between(NextWrittenTimestamp, EndTimestamp);

    private static TimeSpan? Between(long? start, long? end) =>
        start is { } s && end is { } e ? Stopwatch.GetElapsedTime(s, e) : null;
}
