namespace LambdaStreaming.Transport;

/// <summary>
/// The <c>SIZE\r\n</c> line in front of each chunk. Its width is fixed when the chunk's memory is reserved,
/// before the data length is known, so the hex digits are left-padded with zeros (RFC 9112: chunk-size = 1*HEXDIG)
/// instead of moving the data to close a gap.
/// </summary>
internal static class ChunkPrefix
{
    /// <summary>The largest prefix: 8 hex digits and CRLF, enough for any chunk that fits an array.</summary>
    public const int MaxLength = 10;

    /// <summary>Bytes of a prefix able to describe any chunk of up to <paramref name="maxDataLength"/> bytes.</summary>
    public static int LengthFor(int maxDataLength)
    {
        var digits = 1;
        for (var remaining = (uint)maxDataLength >> 4; remaining != 0; remaining >>= 4)
        {
            digits++;
        }
        return digits + 2;
    }

    /// <summary>Fills all of <paramref name="destination"/> with the zero-padded hex of <paramref name="dataLength"/> and CRLF.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length needs more digits than the prefix has room for.</exception>
    public static void Write(Span<byte> destination, int dataLength)
    {
        var digits = destination.Length - 2;
        var remaining = (uint)dataLength;
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[i] = "0123456789abcdef"u8[(int)(remaining & 0xF)];
            remaining >>= 4;
        }
        if (remaining != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dataLength), dataLength, $"A chunk of {dataLength} bytes does not fit a {digits}-digit prefix.");
        }
        destination[digits] = (byte)'\r';
        destination[digits + 1] = (byte)'\n';
    }
}
