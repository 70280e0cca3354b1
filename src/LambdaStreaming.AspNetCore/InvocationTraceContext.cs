using System.Diagnostics;
using LambdaStreaming.Telemetry;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.AspNetCore;

/// <summary>
/// Makes ASP.NET Core's request activity a child of the invocation's span. ASP.NET Core takes its parent from the
/// request's <c>traceparent</c> header when there is one (and from <see cref="Activity.Current"/> otherwise), so the
/// header is set to the invocation's span, as a proxy passes on its own span; the span's own parent is the header's
/// old value when the runtime chose it (<see cref="TraceParentSources.TraceContext"/>).
/// </summary>
internal static class InvocationTraceContext
{
    public static void Apply(IHeaderDictionary headers)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } invocation || invocation.Source.Name != LambdaTelemetry.ActivitySourceName || invocation.Id is not { } id)
        {
            return;
        }
        headers["traceparent"] = id;
        if (invocation.TraceStateString is { } state)
        {
            headers["tracestate"] = state;
        }
        else
        {
            headers.Remove("tracestate");
        }
    }
}
