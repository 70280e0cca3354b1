namespace LambdaStreaming.Emulator.Ledger;

/// <summary>A <c>/response</c> or <c>/error</c> POST the emulator refused.</summary>
/// <param name="RequestId">The request id in the path, as sent.</param>
/// <param name="Path">The request path.</param>
/// <param name="StatusCode">The status the function got: 400 (malformed id) or 403.</param>
/// <param name="Reason">Why it was refused.</param>
public sealed record RejectedReport(string RequestId, string Path, int StatusCode, RejectionReason Reason);
