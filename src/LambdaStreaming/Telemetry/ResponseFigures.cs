using System.Diagnostics;

namespace LambdaStreaming.Telemetry;

/// <summary>
/// What one invocation's response sent, as its telemetry reports it. The response control updates it only while the
/// invocation is recorded, so an unobserved invocation pays one null check per flush.
/// </summary>
internal sealed class ResponseFigures
{
    private long _backpressureTicks;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the handler started.</summary>
    public long StartTimestamp { get; } = Stopwatch.GetTimestamp();

    /// <summary>When the first bytes were sent; 0 until then.</summary>
    public long FirstByteTimestamp { get; private set; }

    /// <summary>Body bytes sent (a buffered response's whole body).</summary>
    public long Bytes { get; private set; }

    /// <summary>Chunks sent: one per flush that carried bytes, one for bytes left unflushed at the end; a buffered response is one.</summary>
    public int Chunks { get; private set; }

    /// <summary>True for a whole (buffered) response.</summary>
    public bool IsBuffered { get; private set; }

    /// <summary>From the handler's start to the first send; null when nothing was sent.</summary>
    public TimeSpan? TimeToFirstByte => FirstByteTimestamp == 0 ? null : Stopwatch.GetElapsedTime(StartTimestamp, FirstByteTimestamp);

    /// <summary>Time flushes spent waiting for the Runtime API to take their bytes.</summary>
    public TimeSpan BackpressureWait => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _backpressureTicks));

    /// <summary>
    /// A flush, or the end of the stream (<paramref name="ending"/>), sent the body up to <paramref name="bodyBytes"/>.
    /// The first byte is the first body byte sent, or the end of an empty stream.
    /// </summary>
    public void Sent(long bodyBytes, bool ending)
    {
        if (bodyBytes != Bytes)
        {
            Chunks++;
            Bytes = bodyBytes;
        }
        else if (!ending)
        {
            return;
        }
        if (FirstByteTimestamp == 0)
        {
            FirstByteTimestamp = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>A whole response of <paramref name="bytes"/> is being sent.</summary>
    public void SentWhole(long bytes)
    {
        FirstByteTimestamp = Stopwatch.GetTimestamp();
        Bytes = bytes;
        Chunks = 1;
        IsBuffered = true;
    }

    /// <summary>Waits for a flush held up by backpressure, adding the wait.</summary>
    public async Task<T> WaitOutBackpressureAsync<T>(ValueTask<T> flush)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await flush.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref _backpressureTicks, Stopwatch.GetTimestamp() - started);
        }
    }
}
