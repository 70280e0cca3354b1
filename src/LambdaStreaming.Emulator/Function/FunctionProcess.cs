using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using LambdaStreaming.Emulator.Environments;
using LambdaStreaming.Emulator.Extensions;
using LambdaStreaming.Emulator.Invocations;
using LambdaStreaming.Emulator.Ledger;

namespace LambdaStreaming.Emulator.Function;

/// <summary>
/// Runs the function command with the Lambda environment and restarts it whenever it exits, as Lambda replaces a
/// failed execution environment. Its output is passed on to the emulator's own stdout and stderr, line by line, except
/// output that only repeats its last crash (<see cref="RepeatedOutputFilter"/>).
/// </summary>
internal sealed class FunctionProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly EmulatorOptions _options;
    private readonly IReadOnlyList<string> _command;
    private string _runtimeApiAddress = "";
    private readonly InvocationScheduler _scheduler;
    private readonly InvocationLedger _ledger;
    private readonly ExecutionEnvironment _environment;
    private readonly ExtensionRegistry _extensions;
    private readonly EmulatorLog _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Process? _current;
    private long _spawnTimestamp;
    private bool _reachedNext;
    private bool _killedByEmulator;
    private Task _currentExit = Task.CompletedTask;
    private readonly RepeatedOutputFilter _stdout;
    private readonly RepeatedOutputFilter _stderr;
    private bool _lastRunCrashed;
    private Task _supervision = Task.CompletedTask;

    private readonly Func<bool> _othersServe;
    private bool _shuttingDown;

    // othersServe: whether another environment serves, so that this one's failure to start fails only itself.
    public FunctionProcess(EmulatorOptions options, InvocationScheduler scheduler, InvocationLedger ledger, ExecutionEnvironment environment, EmulatorLog log, Func<bool> othersServe)
    {
        _othersServe = othersServe;
        _options = options;
        _command = options.FunctionCommand!;
        _scheduler = scheduler;
        _ledger = ledger;
        _environment = environment;
        _extensions = environment.Extensions;
        _log = log;
        // Two pumps write to it at once: a writer of the caller's is made safe for that.
        var output = options.FunctionOutput is { } writer ? TextWriter.Synchronized(writer) : null;
        _stdout = new RepeatedOutputFilter(output ?? Console.Out);
        _stderr = new RepeatedOutputFilter(output ?? Console.Error);
    }

    /// <summary>Whether the current process is being retired (SIGTERM sent, within its grace): it gets no new work.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>The running process's id, or null between a process exit and its restart.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                try
                {
                    return _current is { HasExited: false } process ? process.Id : null;
                }
                catch (InvalidOperationException)
                {
                    return null;
                }
            }
        }
    }

    /// <summary>Spawns the function and keeps it running until disposed.</summary>
    /// <param name="runtimeApiAddress">The bound Runtime API, for <c>AWS_LAMBDA_RUNTIME_API</c>.</param>
    public void Start(string runtimeApiAddress)
    {
        _runtimeApiAddress = runtimeApiAddress;
        _supervision = Task.Run(() => SuperviseAsync(_stopping.Token));
    }

    /// <summary>For the first <c>next</c> since the current process was spawned: the time since the spawn.</summary>
    public TimeSpan? TakeColdStart(long now)
    {
        lock (_gate)
        {
            if (_current is null || _reachedNext)
            {
                return null;
            }

            _reachedNext = true;

            // Past init: output held back as a possible repeat of the last crash is no repeat; show it now.
            _stdout.StopHolding();
            _stderr.StopHolding();
            return Stopwatch.GetElapsedTime(_spawnTimestamp, now);
        }
    }

    /// <summary>
    /// Ends the current execution environment as Lambda does (after a timeout, or at shutdown); supervision then starts
    /// a fresh one unless the emulator is stopping. With an extension registered: <c>SHUTDOWN</c> to the extensions that
    /// asked for it, SIGTERM to the process, and SIGKILL only if it has not exited after the grace (500 ms for internal
    /// extensions, 2,000 ms with an external one). Without one: SIGKILL at once.
    /// </summary>
    /// <param name="reason">The <c>shutdownReason</c>: <c>timeout</c>, <c>spindown</c> or <c>failure</c>.</param>
    public async Task RetireAsync(string reason)
    {
        Process process;
        int processId;
        Task exited;
        lock (_gate)
        {
            if (_current is null || _killedByEmulator || _currentExit.IsCompleted)
            {
                return;
            }

            _killedByEmulator = true;
            _shuttingDown = true;
            process = _current;
            processId = process.Id;
            exited = _currentExit;
        }

        var grace = _extensions.ShutdownGrace;
        if (grace > TimeSpan.Zero)
        {
            _extensions.BeginShutdown(reason);
            var started = Stopwatch.GetTimestamp();
            if (Kill(processId, SigTerm) == 0)
            {
                if (await Task.WhenAny(exited, Task.Delay(grace)).ConfigureAwait(false) == exited)
                {
                    _log.Write($"function shut down: pid={processId} exited {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms after SIGTERM ({reason}; an extension registered, grace {grace.TotalMilliseconds:F0} ms)");
                    return;
                }

                _log.Write($"function shut down: pid={processId} still running {grace.TotalMilliseconds:F0} ms after SIGTERM ({reason}); SIGKILL");
            }
        }

        lock (_gate)
        {
            // It may have exited and been released meanwhile; only the process still current is killed.
            if (ReferenceEquals(_current, process))
            {
                KillQuietly(process);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await RetireAsync("spindown").ConfigureAwait(false);
        await _supervision.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        var backoff = TimeSpan.Zero;
        while (!stopping.IsCancellationRequested)
        {
            var (exitCode, reachedNext, killed) = await RunOnceAsync().ConfigureAwait(false);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            await FailWhatItHeldAsync(exitCode, reachedNext).ConfigureAwait(false);

            // A process that dies before asking for work would otherwise be respawned in a tight loop.
            backoff = reachedNext || killed ? TimeSpan.Zero
                : backoff == TimeSpan.Zero ? FirstBackoff
                : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            if (backoff > TimeSpan.Zero)
            {
                _log.Write($"restarting the function in {backoff.TotalMilliseconds:F0} ms");
                try
                {
                    await Task.Delay(backoff, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<(int? ExitCode, bool ReachedNext, bool Killed)> RunOnceAsync()
    {
        Process process;
        lock (_gate)
        {
            // Checked under the lock Kill takes, so disposal can't miss a process spawned at the last moment.
            if (_stopping.IsCancellationRequested)
            {
                return (null, false, false);
            }

            // Taken before the spawn: a fast function reaches its first next before Process.Start returns here (its
            // next waits on this lock in TakeColdStart), and the cold start must never come out short or negative.
            _extensions.Reset();
            _spawnTimestamp = Stopwatch.GetTimestamp();
            try
            {
                process = _options.StartProcess(CreateStartInfo())!;
            }
            catch (Win32Exception ex)
            {
                _log.Write($"could not start the function '{_command[0]}': {ex.Message}");
                return (null, false, false);
            }

            _current = process;
            _currentExit = process.WaitForExitAsync(CancellationToken.None);
            _reachedNext = false;
            _killedByEmulator = false;
            _shuttingDown = false;
        }

        _log.Write($"function started: pid={process.Id} command={string.Join(' ', _command)}");
        _stdout.BeginRun(_lastRunCrashed);
        _stderr.BeginRun(_lastRunCrashed);
        var pumps = Task.WhenAll(PumpAsync(process.StandardOutput, _stdout), PumpAsync(process.StandardError, _stderr));
        await _currentExit.ConfigureAwait(false);

        bool reachedNext, killed;
        lock (_gate)
        {
            // Released at once: a retirement from now on has nothing to signal (the pid may be reused).
            _current = null;
            reachedNext = _reachedNext;
            killed = _killedByEmulator;
        }

        if (!killed)
        {
            // It crashed or exited by itself: extensions that asked for SHUTDOWN hear of the failure now.
            _extensions.BeginShutdown("failure");
        }

        // A child it left running may hold the pipes open; its output is not worth waiting for.
        await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);

        var exitCode = process.ExitCode;
        var repeated = pumps.IsCompleted ? _stdout.EndRun() + _stderr.EndRun() : 0;
        if (repeated > 0)
        {
            _log.Write($"the function printed the same {repeated} lines as before its last crash (timestamps and ids aside); not repeated");
        }

        _lastRunCrashed = !killed && exitCode != 0;
        _log.Write($"function exited: pid={process.Id} code={exitCode}{(killed ? " (killed by the emulator)" : "")}");
        _ledger.Add(new ProcessExit(process.Id, exitCode, killed, _environment.Number));
        process.Dispose();
        return (exitCode, reachedNext, killed);
    }

    // Lambda answers what a dead environment held with Runtime.ExitError; a process that never asked for work
    // also fails the invocations that were waiting for it.
    private async Task FailWhatItHeldAsync(int? exitCode, bool reachedNext)
    {
        const string errorType = "Runtime.ExitError";
        var reason = exitCode is { } code ? $"Runtime exited with error: exit status {code}" : "Runtime failed to start";
        string Document(Invocation invocation) => ErrorDocument.Create(errorType, $"RequestId: {invocation.RequestId} Error: {reason}");

        await _scheduler.FailHandedOutAsync(_environment, errorType, Document).ConfigureAwait(false);
        if (!reachedNext && !_othersServe())
        {
            await _scheduler.FailQueuedAsync(errorType, Document).ConfigureAwait(false);
        }
    }

    private ProcessStartInfo CreateStartInfo()
    {
        var startInfo = new ProcessStartInfo(_command[0])
        {
            UseShellExecute = false,
            WorkingDirectory = FunctionEnvironment.TaskRoot(_options),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in _command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in FunctionEnvironment.Create(_options, _runtimeApiAddress))
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private static async Task PumpAsync(StreamReader reader, RepeatedOutputFilter filter)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            filter.OnLine(line);
        }
    }

    // .NET can send only SIGKILL (Process.Kill); SIGTERM needs libc's kill(2).
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int processId, int signal);

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // It exited on its own meanwhile.
        }
    }
}
