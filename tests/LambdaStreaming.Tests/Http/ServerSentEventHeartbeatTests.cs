using System.IO.Pipelines;
using System.Text;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LambdaStreaming.Tests.Http;

/// <summary>
/// The SSE heartbeat on a fake clock: when it is sent, when it is not, and what a failed one leaves behind. The
/// clock reports each timer the writer starts, so a test waits for "the writer is now waiting N s", never for time.
/// </summary>
public sealed class ServerSentEventHeartbeatTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_heartbeat_interval_of_zero_or_less_sends_no_heartbeat(int seconds)
    {
        var time = new FakeTimeProvider(Start);
        var pipe = new Pipe();
        var writer = new ServerSentEventWriter(pipe.Writer, TimeSpan.FromSeconds(seconds), time);
        Assert.False(pipe.Reader.TryRead(out _));

        time.Advance(TimeSpan.FromHours(1));
        Assert.False(pipe.Reader.TryRead(out _));
        await writer.WriteAsync("x");
        time.Advance(TimeSpan.FromHours(1));
        await writer.DisposeAsync();
        await pipe.Writer.CompleteAsync();

        var read = await pipe.Reader.ReadAsync().AsTask().WithGuard();
        Assert.Equal("data: x\n\n", Encoding.UTF8.GetString(read.Buffer));
    }

    [Fact]
    public async Task A_write_during_the_idle_wait_postpones_the_heartbeat_to_a_full_interval_after_it()
    {
        var clock = new TimerRecordingClock(Start);
        var pipe = new Pipe();
        var writer = new ServerSentEventWriter(pipe.Writer, TimeSpan.FromSeconds(15), clock);
        Assert.Equal(TimeSpan.FromSeconds(15), await clock.NextTimerAsync());

        clock.Advance(TimeSpan.FromSeconds(10));
        await writer.WriteAsync("activity");
        clock.Advance(TimeSpan.FromSeconds(5));

        // The first wait is over, but the stream has been idle for 5 s only: the writer waits for the other 10.
        Assert.Equal(TimeSpan.FromSeconds(10), await clock.NextTimerAsync());
        var read = await pipe.Reader.ReadAsync().AsTask().WithGuard();
        Assert.Equal("data: activity\n\n", Encoding.UTF8.GetString(read.Buffer));
        pipe.Reader.AdvanceTo(read.Buffer.End);

        clock.Advance(TimeSpan.FromSeconds(10));
        read = await pipe.Reader.ReadAsync().AsTask().WithGuard();
        Assert.Equal(": heartbeat\n", Encoding.UTF8.GetString(read.Buffer));
        pipe.Reader.AdvanceTo(read.Buffer.End);
        Assert.Equal(TimeSpan.FromSeconds(15), await clock.NextTimerAsync());
        await writer.DisposeAsync();
    }

    [Fact]
    public async Task A_heartbeat_whose_flush_fails_ends_the_heartbeat_quietly_and_leaves_the_writer_usable()
    {
        var clock = new TimerRecordingClock(Start);
        var output = new FlakyPipeWriter(failingFlushes: 1);
        var writer = new ServerSentEventWriter(output, TimeSpan.FromSeconds(15), clock);
        Assert.Equal(TimeSpan.FromSeconds(15), await clock.NextTimerAsync());

        clock.Advance(TimeSpan.FromSeconds(15));
        await output.FlushAttempted.WithGuard();

        // The handler's next write is not held by the gate the failed heartbeat took.
        await writer.WriteAsync("after").AsTask().WithGuard();
        // Nothing is left to keep alive: however long the stream then stays idle, no heartbeat follows.
        clock.Advance(TimeSpan.FromMinutes(5));
        // The heartbeat's failure is not thrown again at the end: the handler's own write reports a lost connection.
        await writer.DisposeAsync().AsTask().WithGuard();

        Assert.Equal(": heartbeat\ndata: after\n\n", Encoding.UTF8.GetString(await output.ReadAllAsync()));
    }
}
