namespace LambdaStreaming.Http;

/// <summary>The <c>requestContext.http</c> of a Function URL event: the request line and the caller.</summary>
public sealed class FunctionUrlHttpDescription
{
    /// <summary>The HTTP method, upper case.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>The request path.</summary>
    public string Path { get; set; } = "/";

    /// <summary>The protocol, e.g. <c>HTTP/1.1</c>.</summary>
    public string? Protocol { get; set; }

    /// <summary>The caller's IP address (the TCP peer as the front saw it).</summary>
    public string? SourceIp { get; set; }

    /// <summary>The caller's <c>User-Agent</c>.</summary>
    public string? UserAgent { get; set; }
}
