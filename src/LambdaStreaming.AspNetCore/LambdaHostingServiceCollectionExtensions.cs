using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LambdaStreaming.AspNetCore;

/// <summary>Turns an ASP.NET Core app into a Lambda function.</summary>
public static class LambdaHostingServiceCollectionExtensions
{
    /// <summary>
    /// On Lambda (when <c>AWS_LAMBDA_RUNTIME_API</c> is set), replaces Kestrel with a server that runs each invocation
    /// through the app in-process and streams its response; elsewhere it changes nothing, so <c>dotnet run</c> is an
    /// ordinary web app (the options are registered either way).
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="eventSource">The front that sends the events: a Function URL or an API Gateway REST API.</param>
    /// <param name="configure">More settings: buffered responses, the runtime's options.</param>
    public static IServiceCollection AddLambdaStreamingHosting(this IServiceCollection services, LambdaEventSource eventSource, Action<LambdaHostingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!Enum.IsDefined(eventSource))
        {
            throw new ArgumentOutOfRangeException(nameof(eventSource), eventSource, "Use LambdaEventSource.FunctionUrl or LambdaEventSource.RestApi.");
        }
        // Registered off Lambda too: an in-memory test server (LambdaStreaming.AspNetCore.Testing) reads them.
        services.Configure<LambdaHostingOptions>(options =>
        {
            options.EventSource = eventSource;
            configure?.Invoke(options);
        });
        if (!LambdaServer.IsOnLambda)
        {
            return services;
        }
        services.RemoveAll<IServer>();
        services.AddSingleton<IServer, LambdaServer>();
        return services;
    }
}
