using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace LambdaStreaming.Transport;

/// <summary>
/// Formats an HTTP/1.1 request head straight into the connection's output buffer: no strings are built,
/// each piece is encoded into the span it ends up in.
/// </summary>
public ref struct HttpRequestHeadWriter
{
    private readonly IBufferWriter<byte> _output;

    /// <summary>Starts a head by writing the request line <c>METHOD path HTTP/1.1</c>.</summary>
    /// <param name="output">Where the bytes go; usually the connection's <c>PipeWriter</c>.</param>
    /// <param name="method">An upper-case method such as <c>"POST"u8</c>.</param>
    /// <param name="pathPrefix">The path up to a variable segment, or the whole path.</param>
    /// <param name="pathSegment">A variable path segment (e.g. a request id), validated to need no escaping.</param>
    /// <param name="pathSuffix">The rest of the path after the segment.</param>
    public HttpRequestHeadWriter(IBufferWriter<byte> output, ReadOnlySpan<byte> method, ReadOnlySpan<byte> pathPrefix, ReadOnlySpan<char> pathSegment = default, ReadOnlySpan<byte> pathSuffix = default)
    {
        _output = output;
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
    public readonly void WriteHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Write(name);
        Write(": "u8);
        Write(value);
        Write("\r\n"u8);
    }

    /// <summary>Writes a header with a caller-supplied value, rejecting CR, LF, NUL, other control characters and non-ASCII characters.</summary>
    /// <exception cref="ArgumentException">The value could change the framing of the request.</exception>
    public readonly void WriteHeader(ReadOnlySpan<byte> name, ReadOnlySpan<char> value)
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
    public readonly void WriteHeader(ReadOnlySpan<byte> name, long value)
    {
        Write(name);
        Write(": "u8);
        var span = _output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _output.Advance(written);
        Write("\r\n"u8);
    }

    /// <summary>Ends the head with the empty line.</summary>
    public readonly void End() => Write("\r\n"u8);

    private readonly void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }
        var span = _output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
    }

    private readonly void WriteLatin1(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }
        var span = _output.GetSpan(chars.Length);
        var written = Encoding.Latin1.GetBytes(chars, span);
        _output.Advance(written);
    }
}
