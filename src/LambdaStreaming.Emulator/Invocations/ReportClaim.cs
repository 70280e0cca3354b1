namespace LambdaStreaming.Emulator.Invocations;

/// <summary>The answer to a function's attempt to report on an invocation.</summary>
internal enum ReportClaim
{
    /// <summary>The caller now owns the report.</summary>
    Claimed,

    /// <summary>The invocation was never handed out: the id is not one the function could know.</summary>
    NotHandedOut,

    /// <summary>Another report is in progress or the outcome is already decided.</summary>
    Duplicate,
}
