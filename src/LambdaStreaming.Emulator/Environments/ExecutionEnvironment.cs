using System.Net;
using LambdaStreaming.Emulator.Extensions;
using LambdaStreaming.Emulator.Function;
using Microsoft.AspNetCore.Builder;

namespace LambdaStreaming.Emulator.Environments;

/// <summary>
/// One execution environment, as Lambda runs them: a Runtime API of its own (its own port), its function process
/// (when the emulator spawns one), its extensions, and <see cref="EmulatorOptions.MaxConcurrency"/> slots for
/// invocations. Lambda gives each concurrent request of an on-demand function an environment of its own.
/// </summary>
internal sealed class ExecutionEnvironment : IAsyncDisposable
{
    private readonly int _concurrency;
    private int _handedOut;
    private int _polling;
    private readonly TimeProvider _time;
    private long _idleSince;
    private volatile bool _retiring;
    private volatile bool _served;

    public ExecutionEnvironment(int number, int concurrency, TimeProvider time)
    {
        Number = number;
        _time = time;
        _idleSince = time.GetTimestamp();
        _concurrency = concurrency;
        Slots = new SemaphoreSlim(concurrency, concurrency);
    }

    /// <summary>
    /// Held while an invocation is handed to it and while it is judged idle enough to retire, so neither happens
    /// in the middle of the other.
    /// </summary>
    public Lock Gate { get; } = new();

    /// <summary>1 for the first environment, 2 for the next one started, and so on.</summary>
    public int Number { get; }

    /// <summary>Its free invocation slots.</summary>
    public SemaphoreSlim Slots { get; }

    public ExtensionRegistry Extensions { get; } = new();

    /// <summary>Its Runtime API server; set once it listens.</summary>
    public WebApplication RuntimeApi { get; set; } = null!;

    /// <summary>Its Runtime API as <c>host:port</c>.</summary>
    public string RuntimeApiAddress { get; set; } = "";

    /// <summary>The spawned function, or null for an external one.</summary>
    public FunctionProcess? Function { get; set; }

    /// <summary>Once set, it takes no more invocations.</summary>
    public bool IsRetiring => _retiring;

    /// <summary>
    /// Whether it may be handed an invocation now: not retiring, and its process not on its way out (a timeout's
    /// shutdown grace), since Lambda never gives new work to an environment it is resetting.
    /// </summary>
    public bool TakesWork => !_retiring && Function?.IsShuttingDown != true;

    /// <summary>How many more invocations it could hold now (its process may still be starting).</summary>
    public int FreeCapacity => _concurrency - Volatile.Read(ref _handedOut);

    /// <summary>Whether a runtime in it has asked for work at least once (it got past init).</summary>
    public bool HasServed => _served;

    /// <summary>Records that its runtime asked for work.</summary>
    public void OnNext() => _served = true;

    /// <summary>Whether a runtime's <c>next</c> is waiting for an invocation here.</summary>
    public bool IsPolling => Volatile.Read(ref _polling) > 0;

    /// <summary>Whether it holds no invocation.</summary>
    public bool IsIdle => Volatile.Read(ref _handedOut) == 0;

    /// <summary>How long it has held no invocation; zero while it holds one.</summary>
    public TimeSpan IdleFor => IsIdle ? _time.GetElapsedTime(Interlocked.Read(ref _idleSince)) : TimeSpan.Zero;

    public void BeginPoll() => Interlocked.Increment(ref _polling);

    public void EndPoll() => Interlocked.Decrement(ref _polling);

    public void OnHandedOut() => Interlocked.Increment(ref _handedOut);

    public void OnFinished()
    {
        Slots.Release();
        if (Interlocked.Decrement(ref _handedOut) == 0)
        {
            Interlocked.Exchange(ref _idleSince, _time.GetTimestamp());
        }
    }

    /// <summary>Stops taking invocations; its waiting polls give back what they take.</summary>
    public void BeginRetiring() => _retiring = true;

    /// <summary>Ends its function (with the shutdown grace when an extension registered) and stops its Runtime API.</summary>
    public async ValueTask DisposeAsync()
    {
        _retiring = true;
        if (Function is not null)
        {
            await Function.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            // An external function's extensions still hear of the shutdown (a spawned one's do as it is retired).
            Extensions.BeginShutdown("spindown");
        }

        if (RuntimeApi is not null)
        {
            // Whatever is left is abandoned: a short grace rather than the host's default 30 seconds.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await RuntimeApi.StopAsync(grace.Token).ConfigureAwait(false);
            await RuntimeApi.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The Runtime API's end point for environment <paramref name="number"/>: the configured one first, any free port after.</summary>
    public static IPEndPoint EndPointFor(int number, IPEndPoint configured) =>
        number == 1 ? configured : new IPEndPoint(configured.Address, 0);
}
