using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace LambdaStreaming.Transport;

/// <summary>
/// Formats an HTTP/1.1 request head straight into the connection's output buffer: no strings are built,
/// each piece is encoded into the span it ends up in. The bytes are committed to the output with <see cref="End"/>
/// (or when the head outgrows the span in hand), so a head abandoned by an exception usually leaves nothing behind.
/// </summary>
internal ref struct HttpRequestHeadWriter
{
    // Enough for every head the runtime writes without asking the output twice.
    private const int TypicalHeadLength = 512;
    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _written;

    /// <summary>Starts a head by writing the request line <c>METHOD path HTTP/1.1</c>.</summary>
    /// <param name="output">Where the bytes go; usually the connection's <c>PipeWriter</c>.</param>
    /// <param name="method">An upper-case method such as <c>"POST"u8</c>.</param>
    /// <param name="pathPrefix">The path up to a variable segment, or the whole path.</param>
    /// <param name="pathSegment">A variable path segment (e.g. a request id), validated to need no escaping.</param>
    /// <param name="pathSuffix">The rest of the path after the segment.</param>
    public HttpRequestHeadWriter(IBufferWriter<byte> output, ReadOnlySpan<byte> method, ReadOnlySpan<byte> pathPrefix, ReadOnlySpan<char> pathSegment = default, ReadOnlySpan<byte> pathSuffix = default)
    {
        _output = output;
        _span = output.GetSpan(TypicalHeadLength);
        _written = 0;
        foreach (var c in pathSegment)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.' and not '~' and not ':')
            {
                throw new ArgumentException($"Path segment '{pathSegment}' contains '{c}', which is not allowed unescaped in a request path.", nameof(pathSegment));
            }
        }
        Write(method);
        Write(" "u8);
        Write(pathPrefix);
        WriteLatin1(pathSegment);
        Write(pathSuffix);
        Write(" HTTP/1.1\r\n"u8);
    }

    /// <summary>Writes a header whose name and value are known-safe constants.</summary>
    public void WriteHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Write(name);
        Write(": "u8);
        Write(value);
        Write("\r\n"u8);
    }

    /// <summary>Writes a header with a caller-supplied value, rejecting CR, LF, NUL, other control characters and non-ASCII characters.</summary>
    /// <exception cref="ArgumentException">The value could change the framing of the request.</exception>
    public void WriteHeader(ReadOnlySpan<byte> name, ReadOnlySpan<char> value)
    {
        if (!HttpHeaderValidation.IsSafeValue(value))
        {
            throw new ArgumentException($"The value for header '{Encoding.ASCII.GetString(name)}' contains CR, LF, NUL, another control character or a non-ASCII character.", nameof(value));
        }
        Write(name);
        Write(": "u8);
        WriteLatin1(value);
        Write("\r\n"u8);
    }

    /// <summary>Writes a header with a decimal integer value.</summary>
    public void WriteHeader(ReadOnlySpan<byte> name, long value)
    {
        Write(name);
        Write(": "u8);
        Utf8Formatter.TryFormat(value, Reserve(20), out var written);
        _written += written;
        Write("\r\n"u8);
    }

    /// <summary>Ends the head with the empty line.</summary>
    public void End()
    {
        Write("\r\n"u8);
        Commit();
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _written += bytes.Length;
    }

    private void WriteLatin1(ReadOnlySpan<char> chars)
    {
        var span = Reserve(chars.Length);
        _written += Encoding.Latin1.GetBytes(chars, span);
    }

    /// <summary>Returns free space of at least <paramref name="length"/> bytes, committing what is written when the span in hand is too small.</summary>
    private Span<byte> Reserve(int length)
    {
        if (_span.Length - _written < length)
        {
            Commit();
            _span = _output.GetSpan(Math.Max(length, TypicalHeadLength));
        }
        return _span[_written..];
    }

    private void Commit()
    {
        if (_written > 0)
        {
            _output.Advance(_written);
            _span = _span[_written..];
            _written = 0;
        }
    }
}
