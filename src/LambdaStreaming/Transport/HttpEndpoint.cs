using System.Globalization;
using System.Net;
using System.Text;

namespace LambdaStreaming.Transport;

/// <summary>A <c>host:port</c> address such as <c>$AWS_LAMBDA_RUNTIME_API</c>, with its <c>Host</c> header pre-encoded.</summary>
internal sealed class HttpEndpoint
{
    private HttpEndpoint(string host, int port, string authority)
    {
        Host = host;
        Port = port;
        Authority = authority;
        AuthorityBytes = Encoding.ASCII.GetBytes(authority);
        SocketEndPoint = IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
    }

    /// <summary>The host name or IP address (IPv6 without brackets).</summary>
    public string Host { get; }

    /// <summary>The TCP port.</summary>
    public int Port { get; }

    /// <summary>The <c>host:port</c> text as given, used for the <c>Host</c> header.</summary>
    public string Authority { get; }

    /// <summary><see cref="Authority"/> as ASCII bytes, encoded once.</summary>
    public ReadOnlyMemory<byte> AuthorityBytes { get; }

    /// <summary>
    /// What a socket connects to, built once: an <see cref="IPEndPoint"/> for an address (Lambda gives one, so a
    /// connection per invocation parses nothing), a <see cref="DnsEndPoint"/> resolved at each connect for a name.
    /// </summary>
    public EndPoint SocketEndPoint { get; }

    /// <summary>Parses <c>host:port</c> or <c>[ipv6]:port</c>.</summary>
    /// <exception cref="FormatException">The text is not an address with a port from 1 to 65535.</exception>
    public static HttpEndpoint Parse(string authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(authority.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            || !HttpHeaderValidation.IsSafeValue(authority) || authority.Contains(' ') || authority.Contains('/'))
        {
            throw new FormatException($"'{authority}' is not a host:port address.");
        }
        var host = authority[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        return new HttpEndpoint(host, port, authority);
    }

    /// <inheritdoc />
    public override string ToString() => Authority;
}
