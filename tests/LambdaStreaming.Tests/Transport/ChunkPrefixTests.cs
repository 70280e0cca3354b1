using System.Globalization;
using LambdaStreaming.Transport;
using static LambdaStreaming.Tests.Transport.TransportTestUtil;

namespace LambdaStreaming.Tests.Transport;

public sealed class ChunkPrefixTests
{
    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 3)]
    [InlineData(15, 3)]
    [InlineData(16, 4)]
    [InlineData(255, 4)]
    [InlineData(256, 5)]
    [InlineData(4095, 5)]
    [InlineData(4096, 6)]
    [InlineData(65535, 6)]
    [InlineData(65536, 7)]
    [InlineData(0xFFFFF, 7)]
    [InlineData(0x100000, 8)]
    [InlineData(0xFFFFFFF, 9)]
    [InlineData(0x10000000, 10)]
    [InlineData(int.MaxValue, 10)]
    public void LengthFor_is_the_hex_digits_of_the_length_plus_CRLF(int maxDataLength, int expected)
    {
        Assert.Equal(expected, ChunkPrefix.LengthFor(maxDataLength));
        Assert.Equal(maxDataLength.ToString("x", CultureInfo.InvariantCulture).Length + 2, ChunkPrefix.LengthFor(maxDataLength));
    }

    [Fact]
    public void MaxLength_covers_the_largest_array()
    {
        Assert.Equal(ChunkPrefix.MaxLength, ChunkPrefix.LengthFor(int.MaxValue));
    }

    [Theory]
    [InlineData(6, 5, "0005\r\n")]
    [InlineData(6, 0, "0000\r\n")]
    [InlineData(6, 0xabcd, "abcd\r\n")]
    [InlineData(3, 15, "f\r\n")]
    [InlineData(10, 0x7fffffff, "7fffffff\r\n")]
    [InlineData(7, 0x1F, "0001f\r\n")]
    public void Write_fills_the_whole_prefix_with_zero_padded_lowercase_hex_and_CRLF(int prefixLength, int dataLength, string expected)
    {
        var prefix = new byte[prefixLength];
        prefix.AsSpan().Fill((byte)'?');

        ChunkPrefix.Write(prefix, dataLength);

        Assert.Equal(expected, Latin1(prefix));
    }

    [Theory]
    [InlineData(3, 16)]
    [InlineData(4, 256)]
    [InlineData(6, 0x10000)]
    public void Write_throws_when_the_length_needs_more_digits_than_reserved(int prefixLength, int dataLength)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChunkPrefix.Write(new byte[prefixLength], dataLength));
    }

    [Fact]
    public void Every_length_round_trips_through_a_prefix_of_LengthFor_width()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var length = random.Next(0, 1 << random.Next(1, 31));
            var prefix = new byte[ChunkPrefix.LengthFor(length)];

            ChunkPrefix.Write(prefix, length);

            Assert.Equal("\r\n", Latin1(prefix.AsSpan(prefix.Length - 2)));
            Assert.Equal(length, int.Parse(Latin1(prefix.AsSpan(0, prefix.Length - 2)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        }
    }
}
