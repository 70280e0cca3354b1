namespace LambdaStreaming.Emulator.Ledger;

/// <summary>The spawned function process ended.</summary>
/// <param name="ProcessId">Its process id.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="KilledByEmulator">True when the emulator killed it (after a timeout).</param>
public sealed record ProcessExit(int ProcessId, int ExitCode, bool KilledByEmulator);
