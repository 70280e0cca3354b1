namespace LambdaStreaming;

/// <summary>The client context a mobile SDK caller sent (same shape as <c>Amazon.Lambda.Core.IClientContext</c>).</summary>
public interface IClientContext
{
    /// <summary>Environment information the client provided.</summary>
    IDictionary<string, string> Environment { get; }

    /// <summary>The client application.</summary>
    IClientApplication Client { get; }

    /// <summary>Custom values set by the client application.</summary>
    IDictionary<string, string> Custom { get; }
}
