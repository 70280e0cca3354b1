using System.Text;

namespace LambdaStreaming.Emulator.Tests.Support;

internal static class StreamExtensions
{
    /// <summary>Reads exactly <paramref name="count"/> bytes as UTF-8 text.</summary>
    public static async Task<string> ReadTextAsync(this Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().Within();
        return Encoding.UTF8.GetString(buffer);
    }

    public static async Task<string> ReadToEndTextAsync(this Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().Within();
    }
}
