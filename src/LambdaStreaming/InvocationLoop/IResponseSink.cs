using System.IO.Pipelines;
using LambdaStreaming.RuntimeApi;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// Where one invocation's response goes (the Runtime API, for the runtime). It carries bytes and nothing else:
/// <see cref="ResponseControl"/> decides which of these calls is made, and that exactly one of them ends the invocation.
/// </summary>
internal interface IResponseSink
{
    /// <summary>
    /// Writes, without sending, the head of a streamed response, and returns the writer of its body: memory from
    /// it is the wire's own, and each flush sends what was written since the last as one chunk.
    /// </summary>
    PipeWriter BeginStream(string contentType);

    /// <summary>Ends the stream <see cref="BeginStream"/> began, with the error trailers when <paramref name="error"/> is given.</summary>
    ValueTask EndStreamAsync(ErrorReport? error, CancellationToken giveUp);

    /// <summary>Sends a whole response.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> body, string contentType, CancellationToken giveUp);

    /// <summary>Reports a failure before any byte of the response was sent; false when it could not be delivered.</summary>
    ValueTask<bool> SendErrorAsync(ErrorReport error, CancellationToken giveUp);

    /// <summary>
    /// Releases what a stream held once it is over, or before another report when it was never sent (its head,
    /// written but unsent, must never reach the wire); nothing when no stream began.
    /// </summary>
    ValueTask ReleaseAsync();
}
