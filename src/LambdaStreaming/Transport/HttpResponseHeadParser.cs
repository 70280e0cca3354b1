using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace LambdaStreaming.Transport;

/// <summary>
/// Parses a complete HTTP/1.1 response head (status line and header lines, each ending in CRLF, then an empty line).
/// Strict on purpose: the runtime talks to one well-behaved peer, so anything unusual is a fault worth reporting
/// rather than a dialect worth tolerating.
/// </summary>
internal static class HttpResponseHeadParser
{
    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    // RFC 9110 tchar: visible ASCII except the separators.
    private static readonly SearchValues<byte> TokenBytes =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    // Control characters other than HTAB, and DEL: never valid in a header value or reason phrase.
    private static readonly SearchValues<byte> ForbiddenValueBytes = SearchValues.Create(
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
         0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x7F]);

    /// <summary>Finds the end of the head: the position just past the empty line, or null when more bytes are needed.</summary>
    /// <exception cref="MalformedHttpResponseException">A line, or the head, is longer than <paramref name="limits"/> allow.</exception>
    public static SequencePosition? FindEndOfHead(ReadOnlySequence<byte> buffer, HttpResponseLimits limits)
    {
        if (buffer.IsSingleSegment)
        {
            var length = FindHeadLength(buffer.FirstSpan, buffer.Length, limits);
            return length < 0 ? null : buffer.GetPosition(length);
        }

        // A head split across segments is searched in a copy. The copy is bounded yet gives the same verdict as
        // the whole buffer: every line the search can reach starts within MaxHeadLength, so its end (or its being
        // too long) shows within MaxLineLength + 2 bytes after that.
        var window = (int)Math.Min(buffer.Length, (long)limits.MaxHeadLength + limits.MaxLineLength + 2);
        var rented = ArrayPool<byte>.Shared.Rent(window);
        try
        {
            buffer.Slice(0, window).CopyTo(rented);
            var length = FindHeadLength(rented.AsSpan(0, window), buffer.Length, limits);
            return length < 0 ? null : buffer.GetPosition(length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The length of the head at the start of <paramref name="bytes"/>, or -1 when more bytes are needed.</summary>
    /// <param name="bytes">The start of the buffer.</param>
    /// <param name="bufferLength">The length of the whole buffer, of which <paramref name="bytes"/> may be a prefix.</param>
    /// <param name="limits">The line and head limits.</param>
    private static int FindHeadLength(ReadOnlySpan<byte> bytes, long bufferLength, HttpResponseLimits limits)
    {
        // Every CRLF ends a line (two cannot overlap), so the first CRLFCRLF ends the first empty line. A head that
        // ends within one line's limit has no line over it and is within the head limit too: one search settles it.
        // Anything else (a leading empty line, a head near a limit, no end yet) takes the line-by-line walk.
        if (!bytes.StartsWith(CrLf))
        {
            var emptyLine = bytes.IndexOf("\r\n\r\n"u8);
            if (emptyLine >= 0 && emptyLine + 4 <= Math.Min(limits.MaxLineLength, limits.MaxHeadLength))
            {
                return emptyLine + 4;
            }
        }

        var consumed = 0;
        int lineLength;
        while ((lineLength = bytes[consumed..].IndexOf(CrLf)) >= 0)
        {
            if (lineLength > limits.MaxLineLength)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.HeaderLineTooLong, $"a line of {lineLength} bytes exceeds the limit of {limits.MaxLineLength}");
            }
            consumed += lineLength + 2;
            if (consumed > limits.MaxHeadLength)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.HeadersTooLarge, $"the response head exceeds {limits.MaxHeadLength} bytes");
            }
            if (lineLength == 0)
            {
                return consumed > 2
                    ? consumed
                    : throw new MalformedHttpResponseException(HttpRejectionReason.InvalidStatusLine, "the response starts with an empty line");
            }
        }
        if (bytes.Length - consumed > limits.MaxLineLength)
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.HeaderLineTooLong, $"no line end within {limits.MaxLineLength} bytes");
        }
        if (bufferLength > limits.MaxHeadLength)
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.HeadersTooLarge, $"the response head exceeds {limits.MaxHeadLength} bytes");
        }
        return -1;
    }

    /// <summary>Parses a head that <see cref="FindEndOfHead"/> delimited, passing each header to <paramref name="headers"/>.</summary>
    /// <exception cref="MalformedHttpResponseException">The head is malformed.</exception>
    public static HttpResponseHead Parse(ReadOnlySequence<byte> head, IHttpHeaderHandler? headers)
    {
        if (head.IsSingleSegment)
        {
            return Parse(head.FirstSpan, headers);
        }
        var rented = ArrayPool<byte>.Shared.Rent(checked((int)head.Length));
        try
        {
            head.CopyTo(rented);
            return Parse(rented.AsSpan(0, (int)head.Length), headers);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static HttpResponseHead Parse(ReadOnlySpan<byte> head, IHttpHeaderHandler? headers)
    {
        var statusLineLength = head.IndexOf(CrLf);
        if (statusLineLength < 0)
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.InvalidStatusLine, "no status line");
        }
        var (statusCode, http10) = ParseStatusLine(head[..statusLineLength]);
        var rest = head[(statusLineLength + 2)..];

        long contentLength = -1;
        bool chunked = false, close = http10;
        int lineLength;
        while ((lineLength = rest.IndexOf(CrLf)) > 0)
        {
            var line = rest[..lineLength];
            rest = rest[(lineLength + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.InvalidHeaderLine, colon == 0 ? "a header has an empty name" : "a header line has no colon");
            }
            var name = line[..colon];
            if (name.ContainsAnyExcept(TokenBytes))
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.InvalidHeaderLine, "a header name contains a character that is not allowed (whitespace, control or separator)");
            }
            var value = TrimWhitespace(line[(colon + 1)..]);
            if (value.ContainsAny(ForbiddenValueBytes))
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
        if (line.ContainsAny(ForbiddenValueBytes))
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
