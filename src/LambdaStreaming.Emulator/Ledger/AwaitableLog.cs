namespace LambdaStreaming.Emulator.Ledger;

/// <summary>An append-only list that can be awaited until it holds a given number of items.</summary>
/// <remarks>Lets tests wait for events without polling: the waiter completes in the same step that adds the item.</remarks>
internal sealed class AwaitableLog<T>
{
    private readonly Lock _gate = new();
    private readonly List<T> _items = [];
    private readonly List<(int Count, TaskCompletionSource<IReadOnlyList<T>> Waiter)> _waiters = [];

    public void Add(T item)
    {
        List<(TaskCompletionSource<IReadOnlyList<T>> Waiter, IReadOnlyList<T> Items)>? ready = null;
        lock (_gate)
        {
            _items.Add(item);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= _items.Count)
                {
                    (ready ??= []).Add((_waiters[i].Waiter, _items[.._waiters[i].Count]));
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Completed outside the lock: continuations run asynchronously anyway, but this keeps the lock short.
        foreach (var (waiter, items) in ready ?? [])
        {
            waiter.TrySetResult(items);
        }
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    /// <summary>Completes with the first <paramref name="count"/> items once that many exist.</summary>
    public Task<IReadOnlyList<T>> WaitForCountAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            if (_items.Count >= count)
            {
                return Task.FromResult<IReadOnlyList<T>>(_items[..count]);
            }

            var waiter = new TaskCompletionSource<IReadOnlyList<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, waiter));
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }
}
