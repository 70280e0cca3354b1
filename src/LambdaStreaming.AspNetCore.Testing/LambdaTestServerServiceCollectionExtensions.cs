using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LambdaStreaming.AspNetCore.Testing;

/// <summary>Registers the in-memory <see cref="LambdaTestServer"/> in the app's place of a server.</summary>
public static class LambdaTestServerServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the app's server (Kestrel, or the Lambda host's) with a <see cref="LambdaTestServer"/>, which the app's
    /// services then give out as <c>GetRequiredService&lt;LambdaTestServer&gt;()</c>. Call it after the app's own
    /// registrations, before <c>Build()</c>.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="eventSource">The front whose events the tests send.</param>
    /// <param name="responseMode">Streamed responses (the default) or the whole response document.</param>
    public static IServiceCollection AddLambdaTestServer(this IServiceCollection services, LambdaEventSource eventSource, LambdaResponseMode responseMode = LambdaResponseMode.Streaming)
    {
        ArgumentNullException.ThrowIfNull(services);
        var server = new LambdaTestServer(eventSource, responseMode);
        services.RemoveAll<IServer>();
        services.AddSingleton<IServer>(server);
        services.AddSingleton(server);
        return services;
    }
}
