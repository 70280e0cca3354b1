namespace LambdaStreaming.Emulator.Ledger;

/// <summary>A report posted to <c>/runtime/init/error</c>.</summary>
/// <param name="ErrorType">The <c>Lambda-Runtime-Function-Error-Type</c> header, if any.</param>
/// <param name="ErrorBody">The error document (JSON text).</param>
/// <param name="Timestamp"><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when it arrived.</param>
public sealed record InitErrorRecord(string? ErrorType, string ErrorBody, long Timestamp);
