using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace LambdaStreaming.Emulator.InvokeStream;

/// <summary>
/// Encodes one message of AWS's <c>application/vnd.amazon.eventstream</c> framing: a 12-byte prelude (total length,
/// headers length, CRC-32 of those 8 bytes), the headers, the payload, and a CRC-32 of everything before it;
/// integers big-endian. Headers here are all of type 7 (string).
/// </summary>
internal static class EventStreamMessage
{
    private const int PreludeBytes = 12;
    private const int CrcBytes = 4;
    private const byte StringHeaderType = 7;

    /// <summary>An <c>event</c> message with the given event type, content type and payload.</summary>
    public static byte[] Event(string eventType, string contentType, ReadOnlySpan<byte> payload) =>
        Encode([(":event-type", eventType), (":content-type", contentType), (":message-type", "event")], payload);

    public static byte[] Encode(IReadOnlyList<(string Name, string Value)> headers, ReadOnlySpan<byte> payload)
    {
        var headersLength = 0;
        foreach (var (name, value) in headers)
        {
            headersLength += 1 + Encoding.UTF8.GetByteCount(name) + 1 + 2 + Encoding.UTF8.GetByteCount(value);
        }

        var total = PreludeBytes + headersLength + payload.Length + CrcBytes;
        var message = new byte[total];
        var span = message.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, total);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], Crc32.HashToUInt32(span[..8]));

        var position = PreludeBytes;
        foreach (var (name, value) in headers)
        {
            var nameLength = Encoding.UTF8.GetBytes(name, span[(position + 1)..]);
            span[position] = checked((byte)nameLength);
            position += 1 + nameLength;
            span[position++] = StringHeaderType;
            var valueLength = Encoding.UTF8.GetBytes(value, span[(position + 2)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[position..], checked((ushort)valueLength));
            position += 2 + valueLength;
        }

        payload.CopyTo(span[position..]);
        position += payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(span[position..], Crc32.HashToUInt32(span[..position]));
        return message;
    }
}
