namespace LambdaStreaming.AspNetCore;

/// <summary>Which front sends the function its HTTP events, and so which event shape the host reads.</summary>
public enum LambdaEventSource
{
    /// <summary>
    /// A Lambda Function URL: payload format 2.0 (<c>rawPath</c>, <c>rawQueryString</c>, <c>cookies</c>). An API
    /// Gateway HTTP API sends the same shape; serve it with <see cref="LambdaResponseMode.Buffered"/>.
    /// </summary>
    FunctionUrl,

    /// <summary>An API Gateway REST API's Lambda proxy integration: payload format 1.0 (<c>multiValueHeaders</c>, stage in <c>PathBase</c>).</summary>
    RestApi,
}
