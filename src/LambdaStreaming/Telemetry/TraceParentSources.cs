namespace LambdaStreaming.Telemetry;

/// <summary>
/// Where the runtime looks for the parent of an invocation's span, in this order: the X-Ray header Lambda sends with
/// the invocation (used only when it says <c>Sampled=1</c>, since Lambda sends <c>Sampled=0</c> whenever active tracing
/// is off), then a W3C <c>traceparent</c> header of an HTTP event. When neither gives one, the span is a root.
/// </summary>
[Flags]
public enum TraceParentSources
{
    /// <summary>Every invocation's span is a root.</summary>
    None = 0,

    /// <summary>The invocation's <c>Lambda-Runtime-Trace-Id</c> (X-Ray format), when it carries <c>Sampled=1</c> and a <c>Parent</c>.</summary>
    XRay = 1,

    /// <summary>The <c>traceparent</c> (and <c>tracestate</c>) header of a Function URL or API Gateway event.</summary>
    TraceContext = 2,

    /// <summary>Both, X-Ray first: the default.</summary>
    All = XRay | TraceContext,
}
