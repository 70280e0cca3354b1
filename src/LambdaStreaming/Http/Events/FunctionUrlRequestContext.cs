namespace LambdaStreaming.Http;

/// <summary>The <c>requestContext</c> of a Function URL event.</summary>
public sealed class FunctionUrlRequestContext
{
    /// <summary>The AWS account of the function's owner, or <c>anonymous</c> for unauthenticated URLs.</summary>
    public string? AccountId { get; set; }

    /// <summary>The URL's id: the first label of its domain name.</summary>
    public string? ApiId { get; set; }

    /// <summary>The URL's domain name, e.g. <c>abc123.lambda-url.us-east-1.on.aws</c>.</summary>
    public string? DomainName { get; set; }

    /// <summary>The first label of <see cref="DomainName"/>.</summary>
    public string? DomainPrefix { get; set; }

    /// <summary>The HTTP request line's parts and the caller.</summary>
    public FunctionUrlHttpDescription Http { get; set; } = new();

    /// <summary>The front's id for this request (not the Lambda request id).</summary>
    public string? RequestId { get; set; }

    /// <summary>Always <c>$default</c> for Function URLs.</summary>
    public string? RouteKey { get; set; }

    /// <summary>Always <c>$default</c> for Function URLs.</summary>
    public string? Stage { get; set; }

    /// <summary>The request time, e.g. <c>12/Mar/2020:19:03:58 +0000</c>.</summary>
    public string? Time { get; set; }

    /// <summary>The request time in milliseconds since the Unix epoch.</summary>
    public long TimeEpoch { get; set; }

    /// <summary>The IAM caller when the URL uses <c>AWS_IAM</c> auth; null otherwise.</summary>
    public FunctionUrlAuthorizer? Authorizer { get; set; }
}
