namespace LambdaStreaming.AspNetCore;

/// <summary>Settings of the Lambda host.</summary>
public sealed class LambdaHostingOptions
{
    /// <summary>Which front sends the events; set by <c>AddLambdaStreamingHosting</c>.</summary>
    public LambdaEventSource EventSource { get; set; } = LambdaEventSource.FunctionUrl;

    /// <summary>Streamed (the default) or whole responses; it must match the front's invoke mode.</summary>
    public LambdaResponseMode ResponseMode { get; set; } = LambdaResponseMode.Streaming;

    /// <summary>
    /// The runtime's settings. <see cref="LambdaRuntimeOptions.HandleSigterm"/> is turned off by the host: ASP.NET Core's
    /// own lifetime handles SIGTERM and stops the server, which finishes the invocation in flight.
    /// </summary>
    public LambdaRuntimeOptions Runtime { get; } = new();
}
