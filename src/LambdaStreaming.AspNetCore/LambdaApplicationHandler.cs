using Microsoft.AspNetCore.Hosting.Server;

namespace LambdaStreaming.AspNetCore;

/// <summary>
/// An ASP.NET Core app's pipeline as a LambdaStreaming handler: each event becomes a request, its response the
/// invocation's stream. The host's <see cref="IServer"/> runs it on the runtime; another server (an in-memory test
/// server, such as LambdaStreaming.AspNetCore.Testing's) can run the same handler over the hosting seam.
/// </summary>
public static class LambdaApplicationHandler
{
    /// <summary>The handler that runs <paramref name="application"/> for one invocation, as the Lambda host does.</summary>
    /// <param name="application">The app's pipeline, as <see cref="IServer.StartAsync"/> receives it.</param>
    /// <param name="eventSource">The front whose events it maps.</param>
    /// <param name="responseMode">Streamed responses (the default) or the whole response document.</param>
    public static StreamingHandler Create<TContext>(IHttpApplication<TContext> application, LambdaEventSource eventSource, LambdaResponseMode responseMode = LambdaResponseMode.Streaming)
        where TContext : notnull
    {
        ArgumentNullException.ThrowIfNull(application);
        if (!Enum.IsDefined(eventSource))
        {
            throw new ArgumentOutOfRangeException(nameof(eventSource), eventSource, "Use LambdaEventSource.FunctionUrl or LambdaEventSource.RestApi.");
        }
        if (!Enum.IsDefined(responseMode))
        {
            throw new ArgumentOutOfRangeException(nameof(responseMode), responseMode, "Use LambdaResponseMode.Streaming or LambdaResponseMode.Buffered.");
        }
        return (request, response, context) => InvocationHost.InvokeAsync(application, request, response, context, eventSource, responseMode);
    }
}
