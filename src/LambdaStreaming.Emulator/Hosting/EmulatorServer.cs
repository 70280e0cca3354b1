using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace LambdaStreaming.Emulator.Hosting;

/// <summary>The emulator's Kestrel servers: nothing between the socket and the handlers but Kestrel and routing.</summary>
internal static class EmulatorServer
{
    public static WebApplication Create(IPEndPoint endPoint)
    {
        // The empty builder brings no configuration sources, logging or extra middleware: nothing between
        // the socket and the handlers but Kestrel and routing.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AllowSynchronousIO = false;
            kestrel.AddServerHeader = false;

            // Limits are Lambda's, enforced by the handlers: 200 MiB streams, slow streams, idle long polls.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;

            // A runtime may open its next connection early and leave it idle for a whole invocation. Long, but
            // finite: Kestrel adds this to a timestamp, and an "infinite" (TimeSpan.MaxValue) one overflows into
            // an immediate timeout.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromDays(1);
            kestrel.Listen(endPoint, listen => listen.Protocols = HttpProtocols.Http1);
        });

        // The transport's zero-byte read before each receive keeps idle connections from holding a buffer; the
        // emulator serves a handful of connections, so here it is only one more system call per receive.
        builder.WebHost.UseSockets(sockets => sockets.WaitForDataBeforeAllocatingBuffer = false);

        // Registered after UseKestrelCore, whose own registration would otherwise be the one resolved.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        return builder.Build();
    }

    public static IPEndPoint BoundEndPoint(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var uri = new Uri(address);
        return new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
    }

    /// <summary>Starts listening; a taken address becomes one clear line naming the option that sets it.</summary>
    /// <exception cref="EmulatorStartException">The address is in use or cannot be bound.</exception>
    public static async Task StartAsync(WebApplication app, IPEndPoint endPoint, string option, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new EmulatorStartException($"{endPoint} is already in use (another emulator?); choose another address with {option} HOST:PORT.", ex);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new EmulatorStartException($"cannot listen on {endPoint} ({ex.Message}); choose another address with {option} HOST:PORT.", ex);
        }
    }
}
