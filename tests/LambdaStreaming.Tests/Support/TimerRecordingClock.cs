using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace LambdaStreaming.Tests.Support;

/// <summary>
/// A fake clock that also tells the test each timer the code under test starts, with its due time: a test can then
/// await "the runtime is now waiting N ms" instead of guessing when to advance the clock.
/// </summary>
internal sealed class TimerRecordingClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _clock = new(start);
    private readonly Channel<TimeSpan> _dueTimes = Channel.CreateUnbounded<TimeSpan>();

    public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

    public override long GetTimestamp() => _clock.GetTimestamp();

    public override long TimestampFrequency => _clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _clock.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _dueTimes.Writer.TryWrite(dueTime);
        }
        return _clock.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>The due time of the next timer started.</summary>
    public async Task<TimeSpan> NextTimerAsync() => await _dueTimes.Reader.ReadAsync().AsTask().WithGuard();

    public void Advance(TimeSpan by) => _clock.Advance(by);
}
