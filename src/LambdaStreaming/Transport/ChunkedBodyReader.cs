using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;

namespace LambdaStreaming.Transport;

/// <summary>
/// Decodes a chunked response body. The Runtime API answers with <c>Content-Length</c>, but Go's HTTP server
/// (which the Lambda service uses) switches to chunked framing for large bodies, so a robust client accepts both.
/// </summary>
internal static class ChunkedBodyReader
{
    public static async ValueTask<ReadOnlyMemory<byte>> ReadAsync(PipeReader input, HttpResponseLimits limits, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        var inTrailers = false;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var done = false;
            try
            {
                done = ConsumeAvailable(ref buffer, body, ref inTrailers, limits);
            }
            finally
            {
                // Once the body has ended, what follows it is not examined: it must stay readable without more data.
                input.AdvanceTo(buffer.Start, done ? buffer.Start : result.Buffer.End);
            }
            if (done)
            {
                return body.WrittenMemory;
            }
            if (result.IsCompleted)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.UnexpectedEndOfStream, $"the connection closed inside a chunked body after {body.WrittenCount} bytes");
            }
        }
    }

    /// <summary>Consumes every complete chunk (or trailer line) in the buffer; true once the body has ended.</summary>
    private static bool ConsumeAvailable(ref ReadOnlySequence<byte> buffer, ArrayBufferWriter<byte> body, ref bool inTrailers, HttpResponseLimits limits)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
            {
                if (reader.Remaining > limits.MaxLineLength)
                {
                    throw new MalformedHttpResponseException(HttpRejectionReason.HeaderLineTooLong, "a chunk-size or trailer line is too long");
                }
                return false;
            }
            if (line.Length > limits.MaxLineLength)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.HeaderLineTooLong, "a chunk-size or trailer line is too long");
            }
            if (inTrailers)
            {
                buffer = buffer.Slice(reader.Position);
                if (line.IsEmpty)
                {
                    return true;
                }
                continue;
            }
            var size = ParseChunkSize(line);
            if (size == 0)
            {
                inTrailers = true;
                buffer = buffer.Slice(reader.Position);
                continue;
            }
            if (body.WrittenCount + size > limits.MaxBodyLength)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.BodyTooLarge, $"the chunked body exceeds the limit of {limits.MaxBodyLength} bytes");
            }
            if (reader.Remaining < size + 2)
            {
                return false;
            }
            var data = reader.UnreadSequence.Slice(0, size);
            data.CopyTo(body.GetSpan((int)size));
            body.Advance((int)size);
            reader.Advance(size);
            if (!reader.IsNext("\r\n"u8, advancePast: true))
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.InvalidChunkedBody, "chunk data is not followed by CRLF");
            }
            buffer = buffer.Slice(reader.Position);
        }
    }

    private static long ParseChunkSize(ReadOnlySequence<byte> line)
    {
        Span<byte> scratch = stackalloc byte[32];
        var length = (int)Math.Min(line.Length, scratch.Length);
        line.Slice(0, length).CopyTo(scratch);
        var span = scratch[..length];
        var extension = span.IndexOf((byte)';');
        var digits = extension >= 0 ? span[..extension] : span;
        digits = digits.TrimEnd(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15 || (extension < 0 && line.Length > scratch.Length)
            || !long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.InvalidChunkedBody, $"'{HttpResponseHeadParser.Printable(span)}' is not a chunk size");
        }
        return size;
    }
}
