using System.Net;
using System.Net.Http.Headers;

namespace HttpClientRuntime;

/// <summary>Writes the response as it is produced: one small piece, or <c>total</c> bytes in 64 KiB pieces, each flushed.</summary>
internal sealed class StreamingContent : HttpContent
{
    private const int Piece = 64 * 1024;
    private static readonly byte[] Hello = "hello\n"u8.ToArray();
    private static readonly byte[] Buffer = new byte[Piece];
    private readonly long _total;

    public StreamingContent(long total)
    {
        _total = total;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        if (_total == 0)
        {
            await stream.WriteAsync(Hello);
            await stream.FlushAsync();
            return;
        }

        for (long sent = 0; sent < _total; sent += Piece)
        {
            await stream.WriteAsync(Buffer.AsMemory(0, (int)Math.Min(Piece, _total - sent)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
