namespace LambdaStreaming.Emulator.Invocations;

/// <summary>Where an invocation is in its life.</summary>
internal enum InvocationState
{
    /// <summary>Waiting for a <c>next</c>.</summary>
    Queued,

    /// <summary>Handed to the function; no report yet.</summary>
    HandedOut,

    /// <summary>A <c>/response</c> or <c>/error</c> post is being received.</summary>
    Reporting,

    /// <summary>The outcome is decided.</summary>
    Finished,
}
