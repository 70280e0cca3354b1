using System.Runtime.CompilerServices;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// A thread of the worker's own, for its blocking calls to the Runtime API. The long-poll for <c>next</c> blocks the
/// thread that makes it; on a thread-pool thread that would take one thread from the pool for as long as Lambda
/// keeps the environment frozen, so the worker moves back here (<see cref="SwitchTo"/>) whenever a handler's
/// asynchronous completion left it on the pool. The thread starts with the first switch to it.
/// </summary>
internal sealed class WorkerThread : IDisposable
{
    private readonly Thread _thread;
    private readonly SemaphoreSlim _ready = new(0);
    private Action? _work;
    private volatile bool _stopping;
    private bool _started;

    public WorkerThread(string name) => _thread = new Thread(Run) { IsBackground = true, Name = name };

    /// <summary>True when the caller runs on this thread: a read may then wait in <c>poll</c> on it.</summary>
    public bool IsCurrent => Thread.CurrentThread == _thread;

    /// <summary>Continues the awaiting method on this thread; completes at once when already on it.</summary>
    public SwitchAwaitable SwitchTo() => new(this);

    public void Dispose()
    {
        _stopping = true;
        _ready.Release();
    }

    private void Post(Action continuation)
    {
        // One worker awaits one switch at a time, so the slot is always free here.
        if (Interlocked.Exchange(ref _work, continuation) is not null)
        {
            throw new InvalidOperationException("A worker thread was handed a second continuation before it ran the first.");
        }
        _ready.Release();
        if (!_started)
        {
            _started = true;
            _thread.Start();
        }
    }

    private void Run()
    {
        while (true)
        {
            _ready.Wait();
            Interlocked.Exchange(ref _work, null)?.Invoke();
            if (_stopping)
            {
                return;
            }
        }
    }

    /// <summary>The awaitable of <see cref="SwitchTo"/>.</summary>
    public readonly struct SwitchAwaitable(WorkerThread thread) : ICriticalNotifyCompletion
    {
        public SwitchAwaitable GetAwaiter() => this;

        public bool IsCompleted => thread.IsCurrent;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => thread.Post(continuation);

        public void UnsafeOnCompleted(Action continuation) => thread.Post(continuation);
    }
}
