namespace LambdaStreaming.Transport;

/// <summary>
/// Guards every string that ends up in a request line or header: a CR or LF would let it start a new header
/// (or end the head early), a NUL or other control character is rejected by strict HTTP parsers, and bytes above
/// ASCII are refused by servers such as Kestrel unless configured otherwise. So a value is visible ASCII, spaces
/// and tabs (RFC 9110's field-value without obs-text).
/// </summary>
internal static class HttpHeaderValidation
{
    /// <summary>True when the value can be written into a header and be read back by any HTTP parser as that one value.</summary>
    public static bool IsSafeValue(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is not ('\t' or (>= ' ' and <= '~')))
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
    /// <exception cref="ArgumentException">The name is not a token, or the value contains CR, LF, NUL, another control character or a non-ASCII character.</exception>
    public static void ThrowIfInvalid(string name, string value, string? parameterName = null)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid HTTP header name.", parameterName ?? nameof(name));
        }
        if (!IsSafeValue(value))
        {
            throw new ArgumentException($"The value of header '{name}' contains CR, LF, NUL, another control character or a non-ASCII character, which could change the framing of the response.", parameterName ?? nameof(value));
        }
    }
}
