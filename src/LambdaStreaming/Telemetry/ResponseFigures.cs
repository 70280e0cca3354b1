namespace LambdaStreaming.Telemetry;

/// <summary>What one invocation's response sent, as its telemetry reports it.</summary>
/// <param name="Bytes">Body bytes sent (a buffered response's whole body).</param>
/// <param name="Chunks">Chunks sent: one per flush that carried bytes, and one for bytes left unflushed at the end (a buffered response counts one).</param>
/// <param name="TimeToFirstByte">From the handler's start to the first send; null when nothing was sent.</param>
/// <param name="BackpressureWait">Time flushes spent waiting for the Runtime API to take their bytes.</param>
/// <param name="IsBuffered">True for a whole (buffered) response.</param>
internal readonly record struct ResponseFigures(long Bytes, int Chunks, TimeSpan? TimeToFirstByte, TimeSpan BackpressureWait, bool IsBuffered);
