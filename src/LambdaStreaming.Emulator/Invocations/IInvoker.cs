using System.Buffers;

namespace LambdaStreaming.Emulator.Invocations;

/// <summary>
/// Whoever waits for an invocation's result, seen from the function's side: the Invoke API, a Function URL or REST
/// API front, or InvokeWithResponseStream. Each turns the same function output into its own wire format.
/// </summary>
/// <remarks>Calls come from other requests' handlers (the function's reports, the deadline), one at a time per method.</remarks>
internal interface IInvoker
{
    /// <summary>Completes once nothing will touch the invoker's HTTP response any more.</summary>
    Task Released { get; }

    /// <summary>
    /// The largest response this invoker takes: 200 MiB for a stream, 6 MiB for an invoker that buffers (the Invoke
    /// API, a BUFFERED front). A function that sends more gets 413 and the invoker <c>Function.ResponseSizeTooLarge</c>.
    /// </summary>
    long MaxResponseBytes { get; }

    /// <summary>
    /// The function's response begins, with its content type and, for a buffered response, its length. Called at the
    /// first body byte (or at the end of an empty response), never for a response that fails before its first byte.
    /// </summary>
    ValueTask StartAsync(string contentType, long? contentLength);

    /// <summary>A piece of the function's body arrived; it must reach the invoker now, not at the end.</summary>
    ValueTask WriteAsync(ReadOnlySequence<byte> data);

    /// <summary>The function's response ended normally.</summary>
    ValueTask CompleteAsync();

    /// <summary>The invocation failed with this Lambda error document.</summary>
    /// <returns>True when the failure could be reported as a whole error response; false when bytes had already left.</returns>
    ValueTask<bool> FailAsync(ReadOnlyMemory<byte> errorDocument);

    /// <summary>Ends the invoker's response abnormally (an error after bytes left).</summary>
    void Abort();
}
