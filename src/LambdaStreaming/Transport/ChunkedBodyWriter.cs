using System.IO.Pipelines;
using System.Text;

namespace LambdaStreaming.Transport;

/// <summary>
/// A <see cref="PipeWriter"/> that frames what is written through it as an HTTP/1.1 chunked body, in place:
/// the caller's bytes are written directly into the inner writer's memory, between a chunk-size prefix reserved in
/// front of them and the CRLF appended behind them. Nothing is copied; one flush sends the chunks written since the
/// last flush.
/// </summary>
/// <remarks>
/// Modelled on Kestrel's Http1OutputProducer. A chunk is closed when the caller flushes or asks for more memory than
/// is left in the current reservation; an empty chunk is never emitted, since a zero size would end the body.
/// </remarks>
internal sealed class ChunkedBodyWriter : PipeWriter
{
    private const int CrLfLength = 2;
    private readonly PipeWriter _inner;
    private Memory<byte> _reservation;
    private int _prefixLength;
    private int _dataLength;
    private long _bodyBytes;
    private bool _completed;

    /// <summary>Frames the bytes written through this writer onto <paramref name="inner"/>.</summary>
    public ChunkedBodyWriter(PipeWriter inner) => _inner = inner;

    /// <summary>Body bytes committed so far, framing excluded (including data not yet flushed).</summary>
    public long BodyBytes => _bodyBytes + _dataLength;

    /// <summary>True once the terminating chunk has been written.</summary>
    public bool IsCompleted => _completed;

    /// <inheritdoc />
    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        ThrowIfCompleted();
        sizeHint = Math.Max(sizeHint, 1);
        if (Available < sizeHint)
        {
            CommitChunk();
            Reserve(sizeHint);
        }
        return _reservation.Slice(_prefixLength + _dataLength, Available);
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    /// <inheritdoc />
    public override void Advance(int bytes)
    {
        ThrowIfCompleted();
        // Available is negative while no memory is reserved (before the first GetMemory, after a flush).
        var available = Math.Max(Available, 0);
        if ((uint)bytes > (uint)available)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"Cannot advance past the {available} bytes of memory handed out.");
        }
        _dataLength += bytes;
    }

    /// <inheritdoc />
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        CommitChunk();
        return _inner.FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void CancelPendingFlush() => _inner.CancelPendingFlush();

    /// <summary>Writes the terminating chunk without trailers. Does not flush and does not complete the inner writer.</summary>
    public override void Complete(Exception? exception = null) => WriteTerminator([]);

    /// <summary>
    /// Closes the current chunk, writes the terminating <c>0\r\n</c>, the trailers and the final CRLF, then flushes.
    /// The inner writer stays open: the connection belongs to someone else.
    /// </summary>
    /// <exception cref="ArgumentException">A trailer name or value could change the framing.</exception>
    public ValueTask<FlushResult> CompleteAsync(ReadOnlySpan<HttpTrailer> trailers, CancellationToken cancellationToken = default)
    {
        WriteTerminator(trailers);
        return _inner.FlushAsync(cancellationToken);
    }

    private int Available => _reservation.Length - _prefixLength - _dataLength - CrLfLength;

    private void Reserve(int sizeHint)
    {
        var memory = _inner.GetMemory(sizeHint + ChunkPrefix.MaxLength + CrLfLength);
        _reservation = memory;
        _prefixLength = ChunkPrefix.LengthFor(memory.Length);
        _dataLength = 0;
    }

    private void CommitChunk()
    {
        if (_dataLength > 0)
        {
            var span = _reservation.Span;
            ChunkPrefix.Write(span[.._prefixLength], _dataLength);
            var end = _prefixLength + _dataLength;
            span[end] = (byte)'\r';
            span[end + 1] = (byte)'\n';
            _inner.Advance(end + CrLfLength);
            _bodyBytes += _dataLength;
        }
        // Drop the reservation even when it is unused: the inner flush that usually follows may return its memory
        // to the pool (StreamPipeWriter does), so it must not be handed out again.
        _reservation = default;
        _prefixLength = 0;
        _dataLength = 0;
    }

    private void WriteTerminator(ReadOnlySpan<HttpTrailer> trailers)
    {
        ThrowIfCompleted();
        foreach (var trailer in trailers)
        {
            HttpHeaderValidation.ThrowIfInvalid(trailer.Name, trailer.Value, nameof(trailers));
        }
        CommitChunk();
        _completed = true;
        Write("0\r\n"u8);
        foreach (var trailer in trailers)
        {
            WriteLatin1(trailer.Name);
            Write(": "u8);
            WriteLatin1(trailer.Value);
            Write("\r\n"u8);
        }
        Write("\r\n"u8);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_inner.GetSpan(bytes.Length));
        _inner.Advance(bytes.Length);
    }

    private void WriteLatin1(string text)
    {
        var written = Encoding.Latin1.GetBytes(text, _inner.GetSpan(text.Length));
        _inner.Advance(written);
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The chunked body has already been completed; nothing more can be written.");
        }
    }
}
