namespace LambdaStreaming.Emulator.Ledger;

/// <summary>The spawned function process ended.</summary>
/// <param name="ProcessId">Its process id.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Environment">The execution environment (1, 2, ...) it ran.</param>
/// <param name="KilledByEmulator">True when the emulator killed it (after a timeout).</param>
public sealed record ProcessExit(int ProcessId, int ExitCode, bool KilledByEmulator, int Environment = 1);
