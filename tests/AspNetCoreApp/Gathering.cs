namespace AspNetCoreApp;

/// <summary>Lets requests wait for each other: true once <c>n</c> of them are in flight at the same time.</summary>
internal static class Gathering
{
    private static readonly object Gate = new();
    private static int _arrived;
    private static TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<bool> JoinAsync(int n)
    {
        Task all;
        lock (Gate)
        {
            all = _all.Task;
            if (++_arrived == n)
            {
                _arrived = 0;
                _all.SetResult();
                _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        // Bounded, so that a host that runs requests one at a time answers "alone" instead of hanging.
        return await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10))) == all;
    }
}
