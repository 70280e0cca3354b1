using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace LambdaStreaming.Transport;

/// <summary>
/// Parses a complete HTTP/1.1 response head (status line and header lines, each ending in CRLF, then an empty line).
/// Strict on purpose: the runtime talks to one well-behaved peer, so anything unusual is a fault worth reporting
/// rather than a dialect worth tolerating.
/// </summary>
public static class HttpResponseHeadParser
{
    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    /// <summary>Finds the end of the head: the position just past the empty line, or null when more bytes are needed.</summary>
    /// <exception cref="MalformedHttpResponseException">A line, or the head, is longer than <paramref name="limits"/> allow.</exception>
    public static SequencePosition? FindEndOfHead(ReadOnlySequence<byte> buffer, HttpResponseLimits limits)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, CrLf))
        {
            if (line.Length > limits.MaxLineLength)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.HeaderLineTooLong, $"a line of {line.Length} bytes exceeds the limit of {limits.MaxLineLength}");
            }
            if (reader.Consumed > limits.MaxHeadLength)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.HeadersTooLarge, $"the response head exceeds {limits.MaxHeadLength} bytes");
            }
            if (line.IsEmpty && reader.Consumed > 2)
            {
                return reader.Position;
            }
            if (line.IsEmpty)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.InvalidStatusLine, "the response starts with an empty line");
            }
        }
        if (reader.Remaining > limits.MaxLineLength)
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.HeaderLineTooLong, $"no line end within {limits.MaxLineLength} bytes");
        }
        if (buffer.Length > limits.MaxHeadLength)
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.HeadersTooLarge, $"the response head exceeds {limits.MaxHeadLength} bytes");
        }
        return null;
    }

    /// <summary>Parses a head that <see cref="FindEndOfHead"/> delimited, passing each header to <paramref name="headers"/>.</summary>
    /// <exception cref="MalformedHttpResponseException">The head is malformed.</exception>
    public static HttpResponseHead Parse(ReadOnlySequence<byte> head, IHttpHeaderHandler? headers)
    {
        var reader = new SequenceReader<byte>(head);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> statusLine, CrLf))
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.InvalidStatusLine, "no status line");
        }
        var (statusCode, http10) = ParseStatusLine(Linearize(statusLine, stackalloc byte[256], out var rented));
        Return(rented);

        long contentLength = -1;
        bool chunked = false, close = http10;
        Span<byte> lineScratch = stackalloc byte[512];
        while (reader.TryReadTo(out ReadOnlySequence<byte> lineSequence, CrLf) && !lineSequence.IsEmpty)
        {
            var line = Linearize(lineSequence, lineScratch, out rented);
            try
            {
                var colon = line.IndexOf((byte)':');
                if (colon <= 0)
                {
                    throw new MalformedHttpResponseException(HttpRejectionReason.InvalidHeaderLine, colon == 0 ? "a header has an empty name" : "a header line has no colon");
                }
                var name = line[..colon];
                if (!IsToken(name))
                {
                    throw new MalformedHttpResponseException(HttpRejectionReason.InvalidHeaderLine, "a header name contains a character that is not allowed (whitespace, control or separator)");
                }
                var value = TrimWhitespace(line[(colon + 1)..]);
                if (value.IndexOfAnyInRange((byte)0, (byte)0x08) >= 0 || value.IndexOfAnyInRange((byte)0x0A, (byte)0x1F) >= 0 || value.Contains((byte)0x7F))
                {
                    throw new MalformedHttpResponseException(HttpRejectionReason.InvalidHeaderLine, "a header value contains a control character");
                }
                if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    var length = ParseContentLength(value);
                    if (contentLength >= 0 && contentLength != length)
                    {
                        throw new MalformedHttpResponseException(HttpRejectionReason.InvalidContentLength, "two different Content-Length values");
                    }
                    contentLength = length;
                }
                else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                {
                    if (!Ascii.EqualsIgnoreCase(value, "chunked"u8))
                    {
                        throw new MalformedHttpResponseException(HttpRejectionReason.InvalidTransferEncoding, "only 'chunked' transfer coding is supported");
                    }
                    chunked = true;
                }
                else if (Ascii.EqualsIgnoreCase(name, "Connection"u8) && ContainsToken(value, "close"u8))
                {
                    close = true;
                }
                headers?.OnHeader(name, value);
            }
            finally
            {
                Return(rented);
            }
        }
        if (chunked && contentLength >= 0)
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.InvalidTransferEncoding, "both Content-Length and Transfer-Encoding are present");
        }
        var result = new HttpResponseHead(statusCode, contentLength, chunked, !close);
        if (result.HasBody && !chunked && contentLength < 0)
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.MissingContentLength, $"a {statusCode} response has neither Content-Length nor chunked framing");
        }
        return result;
    }

    private static (int StatusCode, bool Http10) ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // "HTTP/1.x NNN" then optionally " reason"
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || (line[7] != (byte)'0' && line[7] != (byte)'1') || line[8] != (byte)' '
            || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11]) || (line.Length > 12 && line[12] != (byte)' '))
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.InvalidStatusLine, $"'{Printable(line)}' is not 'HTTP/1.1 NNN reason'");
        }
        if (line.IndexOfAnyInRange((byte)0, (byte)0x08) >= 0 || line.IndexOfAnyInRange((byte)0x0A, (byte)0x1F) >= 0 || line.Contains((byte)0x7F))
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.InvalidStatusLine, "the reason phrase contains a control character");
        }
        var code = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        if (code < 100)
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.InvalidStatusLine, $"status code {code} is out of range");
        }
        return (code, line[7] == (byte)'0');
    }

    private static long ParseContentLength(ReadOnlySpan<byte> value)
    {
        // Utf8Parser would accept a sign or trailing junk in some forms; HTTP allows only digits.
        if (value.IsEmpty || value.Length > 18 || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
            || !Utf8Parser.TryParse(value, out long length, out var consumed) || consumed != value.Length)
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.InvalidContentLength, $"'{Printable(value)}' is not a valid Content-Length");
        }
        return length;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            var ok = b > 0x20 && b < 0x7F && "\"(),/:;<=>?@[\\]{}"u8.IndexOf(b) < 0;
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    private static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        while (!value.IsEmpty)
        {
            var comma = value.IndexOf((byte)',');
            var item = comma < 0 ? value : value[..comma];
            if (Ascii.EqualsIgnoreCase(TrimWhitespace(item), token))
            {
                return true;
            }
            value = comma < 0 ? default : value[(comma + 1)..];
        }
        return false;
    }

    private static ReadOnlySpan<byte> TrimWhitespace(ReadOnlySpan<byte> value) => value.Trim(" \t"u8);

    private static ReadOnlySpan<byte> Linearize(ReadOnlySequence<byte> sequence, Span<byte> scratch, out byte[]? rented)
    {
        rented = null;
        if (sequence.IsSingleSegment)
        {
            return sequence.FirstSpan;
        }
        if (sequence.Length > scratch.Length)
        {
            rented = ArrayPool<byte>.Shared.Rent((int)sequence.Length);
            scratch = rented;
        }
        sequence.CopyTo(scratch);
        return scratch[..(int)sequence.Length];
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    internal static string Printable(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes.Length > 64 ? bytes[..64] : bytes;
        var chars = new char[shown.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            chars[i] = shown[i] is >= 0x20 and < 0x7F ? (char)shown[i] : '?';
        }
        return new string(chars) + (bytes.Length > 64 ? "..." : "");
    }
}
