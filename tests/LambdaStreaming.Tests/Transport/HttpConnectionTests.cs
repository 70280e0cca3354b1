using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using LambdaStreaming.Tests.Support;
using LambdaStreaming.Transport;
using static LambdaStreaming.Tests.Transport.TransportTestUtil;

namespace LambdaStreaming.Tests.Transport;

/// <summary>The connection against a real loopback socket; the test plays the server.</summary>
public sealed class HttpConnectionTests : IAsyncLifetime
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private HttpConnection _connection = null!;
    private TcpClient _peer = null!;
    private NetworkStream _server = null!;

    private HttpEndpoint Endpoint => HttpEndpoint.Parse($"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public async Task InitializeAsync()
    {
        _listener.Start();
        var accepting = _listener.AcceptTcpClientAsync();
        _connection = await HttpConnection.ConnectAsync(Endpoint, CancellationToken.None).AsTask().WithGuard();
        _peer = await accepting.WithGuard();
        _server = _peer.GetStream();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        _peer.Dispose();
        _listener.Dispose();
    }

    /// <summary>Writes a GET head into the connection's output without flushing; returns the bytes written.</summary>
    private static byte[] WriteGet(PipeWriter output, string path, HttpEndpoint endpoint)
    {
        var head = new HttpRequestHeadWriter(output, "GET"u8, Latin1(path));
        head.WriteHeader("Host"u8, endpoint.AuthorityBytes.Span);
        head.End();
        return Latin1($"GET {path} HTTP/1.1\r\nHost: {endpoint.Authority}\r\n\r\n");
    }

    private async Task<byte[]> ServerReadsAsync(int count)
    {
        var received = new byte[count];
        await _server.ReadExactlyAsync(received).AsTask().WithGuard();
        return received;
    }

    private async Task ServerRepliesAsync(string response) => await _server.WriteAsync(Latin1(response));

    private async Task AssertServerSeesEndOfStreamAsync()
    {
        Assert.Equal(0, await _server.ReadAsync(new byte[16]).AsTask().WithGuard());
    }

    private Task<HttpResponse> ReadResponseAsync(IHttpHeaderHandler? headers = null)
        => _connection.ReadResponseAsync(headers, HttpResponseLimits.Default, CancellationToken.None).AsTask().WithGuard();

    [Fact]
    public async Task A_flushed_request_reaches_the_server_byte_for_byte_and_the_reply_is_parsed()
    {
        var expected = WriteGet(_connection.Output, "/2018-06-01/runtime/invocation/next", _connection.Endpoint);
        await _connection.Output.FlushAsync();

        Assert.Equal(expected, await ServerReadsAsync(expected.Length));
        await ServerRepliesAsync("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: abc\r\nContent-Length: 2\r\n\r\n{}");
        var headers = new RecordingHeaderHandler();
        var response = await ReadResponseAsync(headers);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("{}", Latin1(response.Body.Span));
        Assert.Contains(("Lambda-Runtime-Aws-Request-Id", "abc"), headers.Headers);
        Assert.True(_connection.IsReusable);
        await _connection.DisposeAsync();
        await AssertServerSeesEndOfStreamAsync(); // nothing else was ever sent
    }

    [Fact]
    public async Task A_kept_alive_connection_carries_the_next_request()
    {
        for (var i = 0; i < 3; i++)
        {
            var expected = WriteGet(_connection.Output, $"/r{i}", _connection.Endpoint);
            await _connection.Output.FlushAsync();
            Assert.Equal(expected, await ServerReadsAsync(expected.Length));
            await ServerRepliesAsync($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nr{i}\r\n0\r\n\r\n");

            Assert.Equal($"r{i}", Latin1((await ReadResponseAsync()).Body.Span));
            Assert.True(_connection.IsReusable);
        }
    }

    [Fact]
    public async Task Connection_close_makes_it_not_reusable()
    {
        await ServerRepliesAsync("HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");

        var response = await ReadResponseAsync();

        Assert.Equal(202, response.StatusCode);
        Assert.False(response.KeepAlive);
        Assert.False(_connection.IsReusable);
    }

    [Fact]
    public async Task A_malformed_reply_makes_it_not_reusable()
    {
        await ServerRepliesAsync("HTTP/1.1 200 OK\r\nContent-Length: five\r\n\r\nhello");

        var exception = await Assert.ThrowsAsync<MalformedHttpResponseException>(() => ReadResponseAsync());

        Assert.Equal(HttpRejectionReason.InvalidContentLength, exception.Reason);
        Assert.False(_connection.IsReusable);
    }

    [Fact]
    public async Task The_server_closing_mid_reply_is_UnexpectedEndOfStream_and_not_reusable()
    {
        await ServerRepliesAsync("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf");
        _peer.Client.Shutdown(SocketShutdown.Send);

        var exception = await Assert.ThrowsAsync<MalformedHttpResponseException>(() => ReadResponseAsync());

        Assert.Equal(HttpRejectionReason.UnexpectedEndOfStream, exception.Reason);
        Assert.False(_connection.IsReusable);
    }

    [Fact]
    public async Task Cancelling_a_read_makes_it_not_reusable()
    {
        using var cancellation = new CancellationTokenSource();
        // The read waits on its caller's thread, as the runtime's worker does; the cancellation comes from another.
        var reading = Task.Run(() => _connection.ReadResponseAsync(null, HttpResponseLimits.Default, cancellation.Token).AsTask());
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WithGuard());
        Assert.False(_connection.IsReusable);
    }

    [Fact]
    public async Task Dispose_discards_unflushed_output()
    {
        var flushed = WriteGet(_connection.Output, "/sent", _connection.Endpoint);
        await _connection.Output.FlushAsync();
        WriteGet(_connection.Output, "/never-sent", _connection.Endpoint);

        await _connection.DisposeAsync();

        Assert.Equal(flushed, await ServerReadsAsync(flushed.Length));
        await AssertServerSeesEndOfStreamAsync();
        Assert.False(_connection.IsReusable);
        await _connection.DisposeAsync(); // idempotent
    }

    [Fact]
    public async Task Dispose_with_nothing_ever_flushed_sends_zero_bytes()
    {
        WriteGet(_connection.Output, "/never-sent", _connection.Endpoint);

        await _connection.DisposeAsync();

        await AssertServerSeesEndOfStreamAsync();
    }

    [Fact]
    public void Poison_makes_it_not_reusable()
    {
        Assert.True(_connection.IsReusable);

        _connection.Poison();

        Assert.False(_connection.IsReusable);
    }

    [Fact]
    public async Task Connecting_to_a_closed_port_throws_SocketException()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closed = HttpEndpoint.Parse($"127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}");
        probe.Stop();

        await Assert.ThrowsAnyAsync<SocketException>(() => HttpConnection.ConnectAsync(closed, CancellationToken.None).AsTask().WithGuard());
    }
}
