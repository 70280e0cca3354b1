using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>
/// HTTP/1.1 written by hand over a socket, for what HttpClient can't send: request trailers, a lying Content-Length.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.ASCII);
    }

    public static async Task<RawHttpConnection> OpenAsync(string address)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPEndPoint.Parse(address)).Within();
        return new RawHttpConnection(client);
    }

    public async Task WriteAsync(string text)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask().Within();
        await _stream.FlushAsync().Within();
    }

    public async Task<string?> ReadStatusLineAsync() => await _reader.ReadLineAsync().Within();

    public void Dispose()
    {
        _reader.Dispose();
        _client.Dispose();
    }
}
