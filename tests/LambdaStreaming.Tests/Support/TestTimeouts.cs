namespace LambdaStreaming.Tests.Support;

/// <summary>
/// Upper bounds that turn a hang into a failed test. They never synchronise anything: every wait in the tests is for
/// an event, and these only fire when the event never comes.
/// </summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Bound of one sample of a property that does I/O: a sample that hangs (a parser waiting for bytes that never
    /// come) fails the property with that sample as its counterexample, which a hang under the guard would not name.
    /// </summary>
    public static readonly TimeSpan OneSample = TimeSpan.FromSeconds(10);

    /// <summary>Awaits a task, failing the test if it does not complete within the guard.</summary>
    public static async Task<T> WithGuard<T>(this Task<T> task) => await task.WaitAsync(Guard);

    /// <summary>Awaits a task, failing the test if it does not complete within the guard.</summary>
    public static async Task WithGuard(this Task task) => await task.WaitAsync(Guard);
}
