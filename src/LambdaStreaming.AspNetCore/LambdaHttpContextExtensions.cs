using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.AspNetCore;

/// <summary>Reaches the Lambda invocation from a request.</summary>
public static class LambdaHttpContextExtensions
{
    /// <summary>The invocation's <see cref="ILambdaContext"/>; null when the app runs on Kestrel, not on Lambda.</summary>
    public static ILambdaContext? GetLambdaContext(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.Features.Get<ILambdaContextFeature>()?.Context;
    }
}
