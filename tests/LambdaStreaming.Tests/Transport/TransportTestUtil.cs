using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using LambdaStreaming.Tests.Support;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Tests.Transport;

/// <summary>Small helpers shared by the transport tests.</summary>
internal static class TransportTestUtil
{
    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Reads a pipe until its writer completes, returning every byte the reader was given.</summary>
    public static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        var all = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                all.Write(segment.Span);
            }
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                await reader.CompleteAsync();
                return all.WrittenSpan.ToArray();
            }
        }
    }

    /// <summary>A sequence made of segments of at most <paramref name="segmentSize"/> bytes (1 = one byte per segment).</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] data, int segmentSize)
    {
        if (data.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        var first = new Segment(data.AsMemory(0, Math.Min(segmentSize, data.Length)), 0);
        var last = first;
        for (var offset = first.Memory.Length; offset < data.Length; offset += segmentSize)
        {
            last = last.Append(data.AsMemory(offset, Math.Min(segmentSize, data.Length - offset)));
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>A reader over a stream that hands out at most <paramref name="bytesPerRead"/> bytes per read, then EOF.</summary>
    public static PipeReader Trickle(byte[] data, int bytesPerRead) => PipeReader.Create(new TrickleStream(data, bytesPerRead));

    /// <summary>Reads one response from the given bytes, all available at once.</summary>
    public static Task<HttpResponse> ReadResponseAsync(string response, IHttpHeaderHandler? headers = null, HttpResponseLimits? limits = null)
        => ReadResponseAsync(PipeReader.Create(new ReadOnlySequence<byte>(Latin1(response))), headers, limits);

    public static async Task<HttpResponse> ReadResponseAsync(PipeReader input, IHttpHeaderHandler? headers = null, HttpResponseLimits? limits = null)
        => await HttpResponseReader.ReadAsync(input, headers, limits ?? HttpResponseLimits.Default, CancellationToken.None).AsTask().WithGuard();

    /// <summary>Asserts that reading the response is rejected for exactly <paramref name="reason"/>.</summary>
    public static async Task AssertRejectedAsync(HttpRejectionReason reason, string response, HttpResponseLimits? limits = null)
    {
        var exception = await Assert.ThrowsAsync<MalformedHttpResponseException>(() => ReadResponseAsync(response, null, limits));
        Assert.Equal(reason, exception.Reason);
    }

    /// <summary>
    /// An independent, deliberately simple chunked decoder for what <see cref="ChunkedBodyWriter"/> produces: hex digits
    /// and CRLF, the data, CRLF; a zero chunk, trailer lines, CRLF; and nothing after that.
    /// </summary>
    public static DecodedChunks DecodeChunked(byte[] wire)
    {
        var data = new List<byte>();
        var sizes = new List<int>();
        var trailers = new List<string>();
        var position = 0;
        while (true)
        {
            var line = ReadLine(wire, ref position);
            Assert.True(line.Length > 0 && line.All(Uri.IsHexDigit), $"'{line}' is not a bare hex chunk size");
            var size = int.Parse(line, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }
            Assert.True(position + size + 2 <= wire.Length, "chunk data runs past the end");
            data.AddRange(wire.AsSpan(position, size).ToArray());
            sizes.Add(size);
            position += size;
            Assert.Equal("\r\n", Latin1(wire.AsSpan(position, 2)));
            position += 2;
        }
        for (var line = ReadLine(wire, ref position); line.Length > 0; line = ReadLine(wire, ref position))
        {
            trailers.Add(line);
        }
        Assert.Equal(wire.Length, position);
        return new DecodedChunks(data.ToArray(), sizes, trailers);
    }

    private static string ReadLine(byte[] wire, ref int position)
    {
        var end = wire.AsSpan(position).IndexOf("\r\n"u8);
        Assert.True(end >= 0, "a line has no CRLF");
        var line = Latin1(wire.AsSpan(position, end));
        position += end + 2;
        return line;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    private sealed class TrickleStream(byte[] data, int bytesPerRead) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(buffer.Length, bytesPerRead), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>What <see cref="TransportTestUtil.DecodeChunked"/> found: the data, each chunk's size, and the trailer lines.</summary>
internal sealed record DecodedChunks(byte[] Data, List<int> ChunkSizes, List<string> Trailers);

/// <summary>Records each header the parser reports, as Latin-1 text.</summary>
internal sealed class RecordingHeaderHandler : IHttpHeaderHandler
{
    public List<(string Name, string Value)> Headers { get; } = [];

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        => Headers.Add((TransportTestUtil.Latin1(name), TransportTestUtil.Latin1(value)));
}

/// <summary>
/// A <see cref="PipeWriter"/> that hands out blocks of a known size from arrays it keeps, and records what is
/// committed and when it is flushed, so tests can see exactly which memory a wrapping writer used.
/// </summary>
internal sealed class RecordingPipeWriter(int blockSize) : PipeWriter
{
    private byte[] _block = [];
    private int _position;

    /// <summary>Every array handed out, in order.</summary>
    public List<byte[]> Blocks { get; } = [];

    /// <summary>Every (array, offset, length) handed out by GetMemory/GetSpan.</summary>
    public List<(byte[] Array, int Offset, int Length)> HandedOut { get; } = [];

    /// <summary>Bytes committed with Advance, in order.</summary>
    public ArrayBufferWriter<byte> Committed { get; } = new();

    /// <summary>How many bytes had been committed at each flush.</summary>
    public List<int> Flushes { get; } = [];

    public byte[] CommittedBytes => Committed.WrittenSpan.ToArray();

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (_block.Length - _position < Math.Max(sizeHint, 1))
        {
            _block = new byte[Math.Max(blockSize, sizeHint)];
            _position = 0;
            Blocks.Add(_block);
        }
        HandedOut.Add((_block, _position, _block.Length - _position));
        return _block.AsMemory(_position);
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        Assert.InRange(bytes, 0, _block.Length - _position);
        Committed.Write(_block.AsSpan(_position, bytes));
        _position += bytes;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Flushes.Add(Committed.WrittenCount);
        return ValueTask.FromResult(new FlushResult(false, false));
    }

    public override void CancelPendingFlush() { }

    public override void Complete(Exception? exception = null) { }
}

/// <summary>A <see cref="Pipe"/> whose reader side collects everything written, concurrently, until the writer completes.</summary>
internal sealed class PipeCapture
{
    private readonly Pipe _pipe = new();
    private readonly Task<byte[]> _received;

    public PipeCapture() => _received = Task.Run(() => TransportTestUtil.ReadToEndAsync(_pipe.Reader));

    public PipeWriter Writer => _pipe.Writer;

    /// <summary>Completes the writer and returns every byte the reader got.</summary>
    public async Task<byte[]> CompleteAsync()
    {
        await _pipe.Writer.CompleteAsync();
        return await _received.WithGuard();
    }
}
