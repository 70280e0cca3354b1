using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;

namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>
/// A request body the test writes piece by piece while it is being sent; each piece is flushed as its own chunk.
/// </summary>
internal sealed class PushContent : HttpContent
{
    private readonly Channel<byte[]> _pieces = Channel.CreateUnbounded<byte[]>();

    public PushContent(string contentType) => Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

    public void Write(string text) => _pieces.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    public void Complete() => _pieces.Writer.TryComplete();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await foreach (var piece in _pieces.Reader.ReadAllAsync())
        {
            await stream.WriteAsync(piece);
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
