using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LambdaStreaming.AspNetCore.Testing;

/// <summary>Registers the in-memory <see cref="LambdaTestServer"/> in the app's place of a server.</summary>
public static class LambdaTestServerServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the app's server (Kestrel, or the Lambda host's) with a <see cref="LambdaTestServer"/>, which the app's
    /// services then give out as <c>GetRequiredService&lt;LambdaTestServer&gt;()</c>. Call it before <c>Build()</c>.
    /// The event source and response mode are the app's own (what it gave <c>LambdaWebApplication.CreateSlimBuilder</c>
    /// or <c>AddLambdaStreamingHosting</c>) unless given here.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="eventSource">The front whose events the tests send; the app's if null.</param>
    /// <param name="responseMode">Streamed or whole responses; the app's if null.</param>
    public static IServiceCollection AddLambdaTestServer(this IServiceCollection services, LambdaEventSource? eventSource = null, LambdaResponseMode? responseMode = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.RemoveAll<IServer>();
        services.AddSingleton(provider =>
        {
            var hosting = provider.GetService<IOptions<LambdaHostingOptions>>()?.Value ?? new LambdaHostingOptions();
            return new LambdaTestServer(eventSource ?? hosting.EventSource, responseMode ?? hosting.ResponseMode);
        });
        services.AddSingleton<IServer>(provider => provider.GetRequiredService<LambdaTestServer>());
        return services;
    }
}
