namespace LambdaStreaming.Emulator.Ledger;

/// <summary>How an invocation ended. Every invocation ends exactly once.</summary>
public enum InvocationOutcome
{
    /// <summary>The function posted a complete response.</summary>
    Response,

    /// <summary>The invocation failed before any response byte reached the invoker (<c>/error</c>, init failure, process exit).</summary>
    Error,

    /// <summary>The invocation failed after response bytes were sent: error trailers, a broken or oversized stream.</summary>
    StreamError,

    /// <summary>The deadline passed without an outcome.</summary>
    Timeout,
}
