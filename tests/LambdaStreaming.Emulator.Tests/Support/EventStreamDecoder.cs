using System.Text;

namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>One decoded eventstream message.</summary>
internal sealed record DecodedMessage(IReadOnlyDictionary<string, string> Headers, byte[] Payload)
{
    public string EventType => Headers[":event-type"];

    public string PayloadText => Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// Reads AWS eventstream messages off a stream, written from the format's description rather than from the
/// emulator's encoder (its own CRC-32, its own byte order handling), so the two check each other.
/// </summary>
internal static class EventStreamDecoder
{
    public static async Task<DecodedMessage?> ReadAsync(Stream stream)
    {
        var prelude = new byte[12];
        var first = await stream.ReadAtLeastAsync(prelude, 12, throwOnEndOfStream: false);
        if (first == 0)
        {
            return null;
        }

        if (first < 12)
        {
            throw new InvalidDataException("The stream ended inside a message prelude.");
        }

        var total = ReadUInt32(prelude, 0);
        var headersLength = ReadUInt32(prelude, 4);
        if (ReadUInt32(prelude, 8) != Crc32(prelude.AsSpan(0, 8)))
        {
            throw new InvalidDataException("Prelude CRC mismatch.");
        }

        var message = new byte[total];
        prelude.CopyTo(message, 0);
        await stream.ReadExactlyAsync(message.AsMemory(12));
        if (ReadUInt32(message, (int)total - 4) != Crc32(message.AsSpan(0, (int)total - 4)))
        {
            throw new InvalidDataException("Message CRC mismatch.");
        }

        var headers = new Dictionary<string, string>();
        var position = 12;
        var headersEnd = 12 + (int)headersLength;
        while (position < headersEnd)
        {
            int nameLength = message[position++];
            var name = Encoding.UTF8.GetString(message, position, nameLength);
            position += nameLength;
            var type = message[position++];
            if (type != 7)
            {
                throw new InvalidDataException($"Header {name} has type {type}; only strings are expected.");
            }

            var valueLength = (message[position] << 8) | message[position + 1];
            position += 2;
            headers[name] = Encoding.UTF8.GetString(message, position, valueLength);
            position += valueLength;
        }

        return new DecodedMessage(headers, message[headersEnd..((int)total - 4)]);
    }

    private static uint ReadUInt32(byte[] bytes, int offset) =>
        (uint)(bytes[offset] << 24 | bytes[offset + 1] << 16 | bytes[offset + 2] << 8 | bytes[offset + 3]);

    // CRC-32/ISO-HDLC (the zlib one), bit by bit: slow and obviously right.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
