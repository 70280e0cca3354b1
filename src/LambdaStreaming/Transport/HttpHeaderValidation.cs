namespace LambdaStreaming.Transport;

/// <summary>
/// Guards every string that ends up in a request line or header: a CR or LF would let it start a new header
/// (or end the head early), and a NUL is rejected by every strict HTTP parser.
/// </summary>
public static class HttpHeaderValidation
{
    /// <summary>True when the value can be written into a header without changing the message's framing.</summary>
    public static bool IsSafeValue(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\0' || c > 0x7E && c < 0xA0 || c > 0xFF)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when the name is a non-empty HTTP token.</summary>
    public static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (c <= 0x20 || c >= 0x7F || "\"(),/:;<=>?@[\\]{}".Contains(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Throws a clear <see cref="ArgumentException"/> naming the offending header.</summary>
    /// <exception cref="ArgumentException">The name is not a token, or the value contains CR, LF, NUL or a non-Latin-1 character.</exception>
    public static void ThrowIfInvalid(string name, string value, string? parameterName = null)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid HTTP header name.", parameterName ?? nameof(name));
        }
        if (!IsSafeValue(value))
        {
            throw new ArgumentException($"The value of header '{name}' contains CR, LF, NUL or a character outside Latin-1, which could change the framing of the response.", parameterName ?? nameof(value));
        }
    }
}
