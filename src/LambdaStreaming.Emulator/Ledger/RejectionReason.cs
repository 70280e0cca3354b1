namespace LambdaStreaming.Emulator.Ledger;

/// <summary>Why a report was refused.</summary>
public enum RejectionReason
{
    /// <summary>The request id is not a GUID.</summary>
    MalformedRequestId,

    /// <summary>No invocation with this id was handed out.</summary>
    UnknownRequestId,

    /// <summary>The invocation already has an outcome or another report in progress: a duplicate or late report.</summary>
    Duplicate,

    /// <summary>The report's <c>Lambda-Runtime-Invocation-Id</c> is not the one its invocation was handed out with.</summary>
    InvocationIdMismatch,

    /// <summary>
    /// The invocation timed out in an environment that lives on (Lambda Managed Instances): its late report gets 410 Gone.
    /// </summary>
    TimedOut,
}
