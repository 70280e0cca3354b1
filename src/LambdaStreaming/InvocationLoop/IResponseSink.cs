using System.IO.Pipelines;

namespace LambdaStreaming.Hosting;

/// <summary>
/// Where one invocation's response goes: the Runtime API, for the runtime; memory, for a test host. It carries bytes
/// and nothing else: <see cref="ResponseControl"/> decides which of these calls is made, and that exactly one report
/// (<see cref="EndStreamAsync"/>, <see cref="SendAsync"/> or <see cref="SendErrorAsync"/>) ends the invocation.
/// </summary>
/// <remarks>
/// The calls come in one of these orders: <see cref="SendAsync"/> alone; <see cref="BeginStream"/>, flushes of its
/// writer, <see cref="EndStreamAsync"/>, <see cref="ReleaseAsync"/>; or, when nothing was sent,
/// <see cref="ReleaseAsync"/> then <see cref="SendErrorAsync"/> (after a <see cref="BeginStream"/> whose head was never
/// flushed, if the handler asked for memory and then failed). <see cref="EndStreamAsync"/> may come from the handler
/// itself, when it awaits <c>CompleteAsync</c>, with the invocation's deadline as its token. The control never completes
/// the stream's writer: <see cref="EndStreamAsync"/> ends it. A transport fault while a stream ends is thrown as an
/// <see cref="IOException"/>, which the control logs; the whole-response and error reports deal with their own delivery
/// (the runtime's retry once on a new connection and log what they could not deliver).
/// </remarks>
public interface IResponseSink
{
    /// <summary>
    /// Writes, without sending, the head of a streamed response, and returns the writer of its body: memory from
    /// it is the wire's own, and each flush sends what was written since the last as one chunk.
    /// </summary>
    /// <param name="contentType">The stream's content type, already checked for CR, LF and NUL.</param>
    PipeWriter BeginStream(string contentType);

    /// <summary>Ends the stream <see cref="BeginStream"/> began, with the error trailers when <paramref name="error"/> is given.</summary>
    /// <param name="error">The failure to send in the trailers; null for a clean end.</param>
    /// <param name="giveUp">Stops waiting for the other side.</param>
    ValueTask EndStreamAsync(ErrorReport? error, CancellationToken giveUp);

    /// <summary>Sends a whole response.</summary>
    /// <param name="body">The response bytes, at most 6 MiB.</param>
    /// <param name="contentType">Its content type.</param>
    /// <param name="giveUp">Stops waiting for the other side.</param>
    ValueTask SendAsync(ReadOnlyMemory<byte> body, string contentType, CancellationToken giveUp);

    /// <summary>Reports a failure before any byte of the response was sent.</summary>
    /// <param name="error">The failure.</param>
    /// <param name="giveUp">Stops waiting for the other side.</param>
    /// <returns>False when it could not be delivered (and the sink has logged why).</returns>
    ValueTask<bool> SendErrorAsync(ErrorReport error, CancellationToken giveUp);

    /// <summary>
    /// Releases what a stream held once it is over, or before another report when it was never sent (its head,
    /// written but unsent, must never reach the wire); nothing when no stream began.
    /// </summary>
    ValueTask ReleaseAsync();
}
