using System.Collections.Concurrent;

namespace LambdaStreaming.Emulator.Extensions;

/// <summary>
/// The extensions registered in the current execution environment, and its shutdown: Lambda sends SIGTERM before it
/// shuts an environment down only when an extension registered, then waits 500 ms (internal extensions only) or
/// 2,000 ms (with an external one) before SIGKILL; with none it kills at once.
/// </summary>
internal sealed class ExtensionRegistry
{
    /// <summary>The shutdown grace with only internal extensions registered.</summary>
    public static readonly TimeSpan InternalGrace = TimeSpan.FromMilliseconds(500);

    /// <summary>The shutdown grace with an external extension registered.</summary>
    public static readonly TimeSpan ExternalGrace = TimeSpan.FromMilliseconds(2000);

    private readonly Lock _gate = new();
    private ConcurrentDictionary<string, RegisteredExtension> _extensions = new(StringComparer.Ordinal);
    private TaskCompletionSource<string> _shutdown = NewShutdown();
    private bool _initDone;

    /// <summary>How long a shutdown waits between SIGTERM and SIGKILL; zero when no extension registered.</summary>
    public TimeSpan ShutdownGrace
    {
        get
        {
            var all = _extensions.Values;
            return all.Count == 0 ? TimeSpan.Zero : all.Any(e => e.WantsShutdown) ? ExternalGrace : InternalGrace;
        }
    }

    /// <summary>Completes with the shutdown reason when the environment starts shutting down.</summary>
    public Task<string> Shutdown
    {
        get
        {
            lock (_gate)
            {
                return _shutdown.Task;
            }
        }
    }

    /// <summary>Registers an extension; null once the environment's init is over (its runtime asked for an invocation).</summary>
    public RegisteredExtension? TryRegister(string name, bool wantsShutdown)
    {
        lock (_gate)
        {
            if (_initDone)
            {
                return null;
            }

            var extension = new RegisteredExtension(name, Guid.NewGuid().ToString(), wantsShutdown);
            _extensions[extension.Identifier] = extension;
            return extension;
        }
    }

    public RegisteredExtension? Find(string identifier) => _extensions.GetValueOrDefault(identifier);

    /// <summary>The runtime's first <c>next</c> ends init: registrations after it are refused, as Lambda refuses them.</summary>
    public void EndInit()
    {
        lock (_gate)
        {
            _initDone = true;
        }
    }

    /// <summary>Tells the registered extensions the environment shuts down (their <c>event/next</c> answers).</summary>
    public void BeginShutdown(string reason)
    {
        lock (_gate)
        {
            _shutdown.TrySetResult(reason);
        }
    }

    /// <summary>A new execution environment starts: nothing is registered in it yet.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _shutdown.TrySetResult("spindown");
            _shutdown = NewShutdown();
            _extensions = new ConcurrentDictionary<string, RegisteredExtension>(StringComparer.Ordinal);
            _initDone = false;
        }
    }

    private static TaskCompletionSource<string> NewShutdown() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
