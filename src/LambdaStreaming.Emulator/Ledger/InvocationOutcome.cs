namespace LambdaStreaming.Emulator.Ledger;

/// <summary>How an invocation ended. Every invocation ends exactly once.</summary>
public enum InvocationOutcome
{
    /// <summary>The function posted a complete response.</summary>
    Response,

    /// <summary>
    /// The invocation failed and the invoker got the error whole: before any response byte reached it (<c>/error</c>,
    /// error trailers on an empty stream, init failure, process exit), or from an invoker that buffers (the Invoke API).
    /// </summary>
    Error,

    /// <summary>The invocation failed after response bytes were sent: error trailers, a broken or oversized stream.</summary>
    StreamError,

    /// <summary>The deadline passed without an outcome.</summary>
    Timeout,
}
