namespace LambdaStreaming.Http;

/// <summary>The <c>requestContext.identity</c> of an API Gateway REST proxy event.</summary>
public sealed class ApiGatewayRequestIdentity
{
    /// <summary>The caller's IP address.</summary>
    public string? SourceIp { get; set; }

    /// <summary>The caller's <c>User-Agent</c>.</summary>
    public string? UserAgent { get; set; }

    /// <summary>The caller's AWS account, for IAM-authorised methods.</summary>
    public string? AccountId { get; set; }

    /// <summary>The caller's ARN, for IAM-authorised methods.</summary>
    public string? UserArn { get; set; }

    /// <summary>The API key's id, when the method requires a key.</summary>
    public string? ApiKeyId { get; set; }
}
