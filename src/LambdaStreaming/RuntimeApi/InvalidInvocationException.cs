namespace LambdaStreaming.RuntimeApi;

/// <summary>
/// A <c>next</c> reply that carries a request id but cannot be turned into an invocation (e.g. a non-numeric
/// deadline). The runtime still owes that invocation an outcome, so it reports an error for <see cref="RequestId"/>.
/// </summary>
internal sealed class InvalidInvocationException(string requestId, string? invocationId, string message) : Exception(message)
{
    /// <summary>The request id the Runtime API handed out.</summary>
    public string RequestId { get; } = requestId;

    /// <summary>The invocation id to echo, when one was sent.</summary>
    public string? InvocationId { get; } = invocationId;
}
