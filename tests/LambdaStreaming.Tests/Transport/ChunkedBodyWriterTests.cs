using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using LambdaStreaming.Transport;
using static LambdaStreaming.Tests.Transport.TransportTestUtil;

namespace LambdaStreaming.Tests.Transport;

public sealed class ChunkedBodyWriterTests
{
    private const int CrLf = 2;

    [Fact]
    public async Task One_write_and_flush_over_a_pipe_is_one_chunk_with_a_prefix_sized_for_the_reserved_memory()
    {
        var capture = new PipeCapture();
        // The writer reserves with GetMemory(hint + MaxLength + CRLF); asking the same of the pipe first shows the
        // memory it will get (GetMemory without Advance hands out the same segment again).
        var reserved = capture.Writer.GetMemory(5 + ChunkPrefix.MaxLength + CrLf).Length;
        var writer = new ChunkedBodyWriter(capture.Writer);

        "hello"u8.CopyTo(writer.GetSpan(5));
        writer.Advance(5);
        await writer.FlushAsync();
        await writer.CompleteAsync([]);
        var wire = await capture.CompleteAsync();

        var prefix = new string('0', ChunkPrefix.LengthFor(reserved) - 3) + "5\r\n";
        Assert.Equal(prefix + "hello\r\n" + "0\r\n\r\n", Latin1(wire));
        var decoded = DecodeChunked(wire);
        Assert.Equal("hello"u8.ToArray(), decoded.Data);
        Assert.Equal([5], decoded.ChunkSizes);
        Assert.Empty(decoded.Trailers);
    }

    [Fact]
    public async Task Several_writes_before_one_flush_are_one_chunk()
    {
        var capture = new PipeCapture();
        var reserved = capture.Writer.GetMemory(2 + ChunkPrefix.MaxLength + CrLf).Length;
        var writer = new ChunkedBodyWriter(capture.Writer);

        foreach (var piece in new[] { "ab", "cde", "f" })
        {
            Latin1(piece).CopyTo(writer.GetSpan(piece.Length));
            writer.Advance(piece.Length);
        }
        await writer.FlushAsync();
        await writer.CompleteAsync([]);
        var wire = await capture.CompleteAsync();

        var prefix = new string('0', ChunkPrefix.LengthFor(reserved) - 3) + "6\r\n";
        Assert.Equal(prefix + "abcdef\r\n0\r\n\r\n", Latin1(wire));
        Assert.Equal([6], DecodeChunked(wire).ChunkSizes);
    }

    [Fact]
    public async Task Asking_for_more_memory_than_is_left_closes_the_chunk_and_opens_another()
    {
        var inner = new RecordingPipeWriter(blockSize: 64);
        var writer = new ChunkedBodyWriter(inner);

        writer.GetSpan(10).Fill((byte)'a'); // 64-byte block: 4-byte prefix ("40" needs 2 digits), 58 usable
        writer.Advance(10);
        var memory = writer.GetMemory(100); // more than the 48 left
        Assert.Equal("0a\r\n" + new string('a', 10) + "\r\n", Latin1(inner.CommittedBytes));
        Assert.True(memory.Length >= 100);

        memory.Span[..100].Fill((byte)'b');
        writer.Advance(100);
        await writer.FlushAsync();

        Assert.Equal("0a\r\n" + new string('a', 10) + "\r\n" + "64\r\n" + new string('b', 100) + "\r\n", Latin1(inner.CommittedBytes));
        Assert.Equal([inner.Committed.WrittenCount], inner.Flushes);
        Assert.Equal(2, inner.Blocks.Count);
    }

    [Fact]
    public async Task Flushing_with_nothing_written_emits_nothing_because_an_empty_chunk_would_end_the_body()
    {
        var inner = new RecordingPipeWriter(blockSize: 64);
        var writer = new ChunkedBodyWriter(inner);

        await writer.FlushAsync();
        writer.GetMemory(10);
        await writer.FlushAsync();
        writer.GetSpan(1)[0] = (byte)'x';
        writer.Advance(1);
        await writer.FlushAsync();
        writer.GetMemory(10);
        writer.Advance(0);
        await writer.FlushAsync();

        Assert.Equal("01\r\nx\r\n", Latin1(inner.CommittedBytes));
        Assert.Equal([0, 0, 7, 7], inner.Flushes);
    }

    [Fact]
    public async Task An_empty_flush_over_a_stream_pipe_writer_keeps_no_memory_the_flush_gave_back()
    {
        // The connection's output is a StreamPipeWriter, which returns all its memory to the pool on every flush.
        // The request head is written into it before the body begins.
        var stream = new MemoryStream();
        var output = PipeWriter.Create(stream);
        output.Write("HEAD\r\n\r\n"u8);
        var writer = new ChunkedBodyWriter(output);

        writer.GetMemory(10);
        await writer.FlushAsync(); // sends the head, nothing of the body
        Assert.Equal("HEAD\r\n\r\n", Latin1(stream.ToArray()));
        stream.SetLength(0);
        "abc"u8.CopyTo(writer.GetSpan(3));
        writer.Advance(3);
        await writer.FlushAsync();
        await writer.CompleteAsync([]);

        var decoded = DecodeChunked(stream.ToArray());
        Assert.Equal("abc"u8.ToArray(), decoded.Data);
        Assert.Equal([3], decoded.ChunkSizes);
    }

    [Fact]
    public async Task CompleteAsync_with_trailers_closes_the_chunk_then_writes_the_zero_chunk_the_trailers_and_CRLF_and_flushes()
    {
        var inner = new RecordingPipeWriter(blockSize: 64);
        var writer = new ChunkedBodyWriter(inner);
        "hi"u8.CopyTo(writer.GetSpan(2));
        writer.Advance(2);

        await writer.CompleteAsync([
            new HttpTrailer("Lambda-Runtime-Function-Error-Type", "Runtime.Oops"),
            new HttpTrailer("Lambda-Runtime-Function-Error-Body", "eyJ9"),
            new HttpTrailer("X-Note", "cafe\tok"),
        ]);

        var expected = "02\r\nhi\r\n0\r\n"
            + "Lambda-Runtime-Function-Error-Type: Runtime.Oops\r\n"
            + "Lambda-Runtime-Function-Error-Body: eyJ9\r\n"
            + "X-Note: cafe\tok\r\n"
            + "\r\n";
        Assert.Equal(Latin1(expected), inner.CommittedBytes);
        Assert.Equal([expected.Length], inner.Flushes);
        Assert.True(writer.IsCompleted);
        var decoded = DecodeChunked(inner.CommittedBytes);
        Assert.Equal("hi"u8.ToArray(), decoded.Data);
        Assert.Equal(3, decoded.Trailers.Count);
    }

    [Fact]
    public async Task CompleteAsync_without_trailers_writes_only_the_zero_chunk_and_CRLF()
    {
        var inner = new RecordingPipeWriter(blockSize: 64);
        var writer = new ChunkedBodyWriter(inner);

        await writer.CompleteAsync([]);

        Assert.Equal("0\r\n\r\n", Latin1(inner.CommittedBytes));
        Assert.Equal([5], inner.Flushes);
        Assert.Equal(0, writer.BodyBytes);
    }

    [Fact]
    public void Complete_writes_the_terminator_after_the_pending_chunk_without_flushing()
    {
        var inner = new RecordingPipeWriter(blockSize: 64);
        var writer = new ChunkedBodyWriter(inner);
        "hi"u8.CopyTo(writer.GetSpan(2));
        writer.Advance(2);

        writer.Complete();

        Assert.Equal("02\r\nhi\r\n0\r\n\r\n", Latin1(inner.CommittedBytes));
        Assert.Empty(inner.Flushes);
        Assert.True(writer.IsCompleted);
    }

    [Theory]
    [InlineData("X-Bad", "a\rb")]
    [InlineData("X-Bad", "a\nb")]
    [InlineData("X-Bad", "a\0b")]
    [InlineData("X-Bad", "\u20ac")]
    [InlineData("Bad Name", "v")]
    [InlineData("Bad:Name", "v")]
    [InlineData("Bad\r\nName", "v")]
    [InlineData("", "v")]
    public async Task Invalid_trailers_throw_before_anything_of_the_terminator_is_written(string name, string value)
    {
        var inner = new RecordingPipeWriter(blockSize: 64);
        var writer = new ChunkedBodyWriter(inner);
        "hi"u8.CopyTo(writer.GetSpan(2));
        writer.Advance(2);

        var exception = await Assert.ThrowsAsync<ArgumentException>(
            () => writer.CompleteAsync([new HttpTrailer("X-Fine", "ok"), new HttpTrailer(name, value)]).AsTask());

        Assert.Equal("trailers", exception.ParamName);
        Assert.Empty(inner.CommittedBytes);
        Assert.Empty(inner.Flushes);
        Assert.False(writer.IsCompleted);

        // The writer is intact: it can still end the body properly.
        await writer.CompleteAsync([]);
        Assert.Equal("02\r\nhi\r\n0\r\n\r\n", Latin1(inner.CommittedBytes));
    }

    [Fact]
    public async Task Everything_but_flush_throws_after_completion()
    {
        var inner = new RecordingPipeWriter(blockSize: 64);
        var writer = new ChunkedBodyWriter(inner);
        await writer.CompleteAsync([]);

        Assert.Throws<InvalidOperationException>(() => writer.GetMemory());
        Assert.Throws<InvalidOperationException>(() => writer.GetSpan(1).Length);
        Assert.Throws<InvalidOperationException>(() => writer.Advance(0));
        Assert.Throws<InvalidOperationException>(() => writer.Complete());
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync([]).AsTask());
        await writer.FlushAsync();

        Assert.Equal("0\r\n\r\n", Latin1(inner.CommittedBytes));
    }

    [Fact]
    public async Task Advancing_past_the_memory_handed_out_throws_and_leaves_the_writer_usable()
    {
        var inner = new RecordingPipeWriter(blockSize: 64);
        var writer = new ChunkedBodyWriter(inner);

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(1)); // no memory handed out yet
        var memory = writer.GetMemory(10);
        Assert.Equal(58, memory.Length); // 64 - "40\r\n" - CRLF
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(59));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
        memory.Span.Fill((byte)'m');
        writer.Advance(58);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(1)); // all of it is used
        await writer.FlushAsync();
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(1)); // the flush closed the chunk

        Assert.Equal(58, writer.BodyBytes);
        await writer.CompleteAsync([]);
        Assert.Equal("3a\r\n" + new string('m', 58) + "\r\n0\r\n\r\n", Latin1(inner.CommittedBytes));
    }

    [Fact]
    public async Task The_memory_handed_out_is_the_inner_writers_memory_just_behind_the_reserved_prefix()
    {
        var inner = new RecordingPipeWriter(blockSize: 4096);
        var writer = new ChunkedBodyWriter(inner);

        var first = writer.GetMemory(100);
        Assert.True(MemoryMarshal.TryGetArray<byte>(first, out var segment));
        var handedOut = inner.HandedOut[^1];
        Assert.Same(handedOut.Array, segment.Array);
        Assert.Equal(handedOut.Offset + ChunkPrefix.LengthFor(4096), segment.Offset);
        Assert.Equal(handedOut.Length - ChunkPrefix.LengthFor(4096) - CrLf, segment.Count);

        "abc"u8.CopyTo(first.Span);
        writer.Advance(3);
        Assert.Equal("abc", Latin1(handedOut.Array.AsSpan(segment.Offset, 3))); // written in place, before any commit
        await writer.FlushAsync();

        var second = writer.GetMemory(5);
        Assert.True(MemoryMarshal.TryGetArray<byte>(second, out var next));
        handedOut = inner.HandedOut[^1];
        Assert.Same(inner.Blocks[0], next.Array); // the same block, right after the committed chunk
        Assert.Equal(inner.Committed.WrittenCount, handedOut.Offset);
        Assert.Equal(handedOut.Offset + ChunkPrefix.LengthFor(handedOut.Length), next.Offset);
        Assert.Single(inner.Blocks);
    }

    [Fact]
    public async Task The_memory_handed_out_over_a_pipe_is_the_pipes_own_segment()
    {
        var capture = new PipeCapture();
        var probe = capture.Writer.GetMemory(100 + ChunkPrefix.MaxLength + CrLf);
        Assert.True(MemoryMarshal.TryGetArray<byte>(probe, out var pipeSegment));
        var writer = new ChunkedBodyWriter(capture.Writer);

        Assert.True(MemoryMarshal.TryGetArray<byte>(writer.GetMemory(100), out var segment));

        Assert.Same(pipeSegment.Array, segment.Array);
        Assert.Equal(pipeSegment.Offset + ChunkPrefix.LengthFor(probe.Length), segment.Offset);
        await writer.CompleteAsync([]);
        Assert.Equal("0\r\n\r\n", Latin1(await capture.CompleteAsync()));
    }

    [Fact]
    public async Task BodyBytes_counts_data_only_flushed_or_not()
    {
        var inner = new RecordingPipeWriter(blockSize: 64);
        var writer = new ChunkedBodyWriter(inner);

        writer.GetSpan(3);
        writer.Advance(3);
        Assert.Equal(3, writer.BodyBytes);
        await writer.FlushAsync();
        writer.GetMemory(100);
        writer.Advance(100);
        Assert.Equal(103, writer.BodyBytes);
        await writer.CompleteAsync([new HttpTrailer("X-A", "b")]);

        Assert.Equal(103, writer.BodyBytes);
        Assert.Equal(103, DecodeChunked(inner.CommittedBytes).Data.Length);
        Assert.True(inner.Committed.WrittenCount > 103);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Random_writes_decode_to_the_same_bytes_with_an_independent_decoder_and_the_production_reader(int seed)
    {
        var random = new Random(seed);
        var capture = new PipeCapture();
        var writer = new ChunkedBodyWriter(capture.Writer);
        var expected = new List<byte>();

        for (var operations = random.Next(1, 25); operations > 0; operations--)
        {
            var size = random.Next(3) == 0 ? random.Next(0, 70_001) : random.Next(0, 300);
            var data = new byte[size];
            random.NextBytes(data);
            if (random.Next(2) == 0)
            {
                writer.Write(data); // GetSpan() and Advance in pieces, as IBufferWriter users do
                expected.AddRange(data);
            }
            else
            {
                var memory = writer.GetMemory(size);
                Assert.True(memory.Length >= size);
                var used = random.Next(size + 1);
                data.AsSpan(0, used).CopyTo(memory.Span);
                writer.Advance(used);
                expected.AddRange(data.AsSpan(0, used).ToArray());
            }
            if (random.Next(3) == 0)
            {
                await writer.FlushAsync();
            }
        }
        await writer.CompleteAsync([]);
        var wire = await capture.CompleteAsync();

        var decoded = DecodeChunked(wire);
        Assert.Equal(expected.ToArray(), decoded.Data);
        Assert.All(decoded.ChunkSizes, size => Assert.True(size > 0));
        Assert.Equal(expected.Count, writer.BodyBytes);
        var viaReader = await ChunkedBodyReader.ReadAsync(Trickle(wire, random.Next(1, 5000)), HttpResponseLimits.Default, CancellationToken.None);
        Assert.Equal(expected.ToArray(), viaReader.ToArray());
    }
}
