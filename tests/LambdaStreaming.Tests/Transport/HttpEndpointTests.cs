using System.Net;
using LambdaStreaming.Transport;

namespace LambdaStreaming.Tests.Transport;

public sealed class HttpEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:9001", "127.0.0.1", 9001)]
    [InlineData("localhost:1", "localhost", 1)]
    [InlineData("runtime.example.com:65535", "runtime.example.com", 65535)]
    [InlineData("[::1]:9001", "::1", 9001)]
    public void Parses_host_and_port(string authority, string host, int port)
    {
        var endpoint = HttpEndpoint.Parse(authority);

        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(authority, endpoint.Authority);
        Assert.Equal(authority, endpoint.ToString());
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(authority), endpoint.AuthorityBytes.ToArray());
    }

    [Theory]
    [InlineData("127.0.0.1:9001", "127.0.0.1")]
    [InlineData("[::1]:9002", "::1")]
    public void An_address_gives_an_IP_end_point(string authority, string address)
    {
        var endPoint = Assert.IsType<IPEndPoint>(HttpEndpoint.Parse(authority).SocketEndPoint);

        Assert.Equal(IPAddress.Parse(address), endPoint.Address);
        Assert.Equal(HttpEndpoint.Parse(authority).Port, endPoint.Port);
    }

    [Fact]
    public void A_name_gives_an_end_point_resolved_at_connect()
    {
        var endPoint = Assert.IsType<DnsEndPoint>(HttpEndpoint.Parse("runtime.example.com:9001").SocketEndPoint);

        Assert.Equal("runtime.example.com", endPoint.Host);
        Assert.Equal(9001, endPoint.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("localhost:")]
    [InlineData(":9001")]
    [InlineData("[::1]")]
    [InlineData("localhost:0")]
    [InlineData("localhost:65536")]
    [InlineData("localhost:70000")]
    [InlineData("localhost:-1")]
    [InlineData("localhost:+80")]
    [InlineData("localhost:80a")]
    [InlineData("localhost: 9001")]
    [InlineData("localhost:9001 ")]
    [InlineData("local host:9001")]
    [InlineData(" localhost:9001")]
    [InlineData("localhost/x:9001")]
    [InlineData("host\r\nX-Injected: 1:9001")]
    [InlineData("host\0:9001")]
    [InlineData("localhost:99999999999")]
    public void Rejects_anything_but_host_colon_port(string authority)
    {
        Assert.Throws<FormatException>(() => HttpEndpoint.Parse(authority));
    }

    [Fact]
    public void Rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => HttpEndpoint.Parse(null!));
    }
}
