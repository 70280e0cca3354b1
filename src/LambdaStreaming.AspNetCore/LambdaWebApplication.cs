using LambdaStreaming.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LambdaStreaming.AspNetCore;

/// <summary>
/// A <see cref="WebApplicationBuilder"/> for an app that is a Lambda function: on Lambda, a lean one without Kestrel;
/// elsewhere (<c>dotnet run</c>) <see cref="WebApplication.CreateSlimBuilder(string[])"/>, on Kestrel as usual. A Lambda
/// publish leaves Kestrel out of the bootstrap altogether: about 1.9 MB and 1.7 MiB of memory less.
/// </summary>
public static class LambdaWebApplication
{
    /// <summary>
    /// Creates the builder and registers the Lambda host (<see cref="LambdaHostingServiceCollectionExtensions.AddLambdaStreamingHosting"/>).
    /// On Lambda the configuration is the environment variables and an optional <c>appsettings.json</c> (not watched),
    /// logging goes to Lambda's log through <c>LambdaStreaming.Logging</c> (with each line's request id; ASP.NET Core's
    /// own categories from <c>Warning</c> unless configured), and routing is the core of it (no regular-expression route
    /// constraints).
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="eventSource">The front that sends the events.</param>
    /// <param name="configure">More settings of the host.</param>
    /// <exception cref="InvalidOperationException">
    /// The bootstrap was published for Lambda (without Kestrel) and started without <c>AWS_LAMBDA_RUNTIME_API</c>.
    /// </exception>
    public static WebApplicationBuilder CreateSlimBuilder(string[] args, LambdaEventSource eventSource, Action<LambdaHostingOptions>? configure = null)
    {
        WebApplicationBuilder builder;
        if (LambdaServer.IsOnLambda)
        {
            builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args });
            builder.Configuration.AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);
            builder.Configuration.AddEnvironmentVariables();
            // As the templates' appsettings.json has it: a line per request would be billed per request. Configuration overrides it.
            builder.Logging.AddFilter("Microsoft.AspNetCore", Microsoft.Extensions.Logging.LogLevel.Warning);
            builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
            builder.Logging.AddLambdaStreaming();
            builder.Services.AddRoutingCore();
        }
        else if (KestrelFallback.IsSupported)
        {
            builder = WebApplication.CreateSlimBuilder(args);
        }
        else
        {
            throw new InvalidOperationException("This bootstrap was published for Lambda, without Kestrel: run it on Lambda or behind the emulator (which sets AWS_LAMBDA_RUNTIME_API), or `dotnet run` the project to serve it on Kestrel.");
        }
        builder.Services.AddLambdaStreamingHosting(eventSource, configure);
        return builder;
    }
}
