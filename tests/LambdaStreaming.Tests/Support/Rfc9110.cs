using CsCheck;

namespace LambdaStreaming.Tests.Support;

/// <summary>
/// RFC 9110's field grammar, written here from the RFC and independent of the runtime's own checks, as the oracle of
/// the header and trailer tests. <c>field-value = *field-content</c>; its characters are <c>field-vchar</c>
/// (<c>VCHAR</c> %x21-7E, or <c>obs-text</c> %x80-FF), with SP and HTAB between them, and optional whitespace around
/// the value that a parser strips. The runtime is stricter: it refuses obs-text (any non-ASCII), which RFC 9110 only
/// tolerates for old senders; <c>README.md</c> says so.
/// </summary>
internal static class Rfc9110
{
    private const string TChar = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Whether <paramref name="value"/>, sent as Latin-1 bytes, is a field value (with optional whitespace around it).</summary>
    public static bool IsFieldValue(string value) => value.All(c => c is '\t' or ' ' or (>= '\x21' and <= '\x7E') or (>= '\x80' and <= '\xFF'));

    /// <summary>Whether <paramref name="value"/> uses only visible ASCII, space and tab: the values every sender may use.</summary>
    public static bool IsVisibleAsciiSpaceTab(string value) => value.All(c => c is '\t' or (>= ' ' and <= '~'));

    /// <summary>Whether <paramref name="name"/> is a field name (<c>token = 1*tchar</c>).</summary>
    public static bool IsToken(string name) => name.Length > 0 && name.All(TChar.Contains);

    /// <summary>Values of visible ASCII, space and tab only, any length from 0 to 60.</summary>
    public static readonly Gen<string> VisibleAsciiSpaceTab =
        Gen.OneOf(Gen.Char[' ', '~'], Gen.Const('\t')).Array[0, 60].Select(chars => new string(chars));

    /// <summary>
    /// Values most of which carry the characters that split or forge fields (CR, LF, CRLF, NUL, other controls, ':',
    /// DEL, non-ASCII), mixed with ordinary text.
    /// </summary>
    public static readonly Gen<string> Hostile = Gen.OneOf(
            Gen.String[0, 6],
            Gen.String.AlphaNumeric,
            Gen.OneOfConst("\r", "\n", "\r\n", "\0", "\u0001", "\u007f", ":", " ", "\t", "é", "\u00ff", "€", "x-forged: 1", "\r\nx-forged: 1"))
        .List[1, 6].Select(parts => string.Concat(parts));
}
