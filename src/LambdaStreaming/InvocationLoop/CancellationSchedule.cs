namespace LambdaStreaming.InvocationLoop;

/// <summary>Schedules a cancellation for a delay that may be zero, negative, or longer than a timer can hold.</summary>
internal static class CancellationSchedule
{
    /// <summary>The longest delay <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> accepts (about 49.7 days).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Cancels <paramref name="source"/> now when <paramref name="delay"/> is not positive, after it when a timer can
    /// hold it, and never when it is longer: a deadline that far off is no deadline in practice.
    /// </summary>
    public static void CancelAfter(CancellationTokenSource source, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            source.Cancel();
        }
        else if (delay <= MaxDelay)
        {
            source.CancelAfter(delay);
        }
    }
}
