namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>
/// A generous upper bound on every await, so a broken emulator fails a test instead of hanging it.
/// It never synchronises anything: tests await the events themselves.
/// </summary>
internal static class Guard
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task Within(this Task task) => task.WaitAsync(Timeout);
}
