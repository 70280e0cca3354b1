using System.Text.Json;

namespace LambdaStreaming.Http;

/// <summary>The <c>requestContext</c> of an API Gateway REST proxy event.</summary>
public sealed class ApiGatewayRequestContext
{
    /// <summary>The API owner's AWS account.</summary>
    public string? AccountId { get; set; }

    /// <summary>The REST API's id.</summary>
    public string? ApiId { get; set; }

    /// <summary>The domain name the client called.</summary>
    public string? DomainName { get; set; }

    /// <summary>The method, upper case.</summary>
    public string? HttpMethod { get; set; }

    /// <summary>
    /// What the method's authorizer passed on: a Lambda authorizer's <c>principalId</c> and context values, or a
    /// Cognito user pool's <c>claims</c> object; null when the method has no authorizer.
    /// </summary>
    public IDictionary<string, JsonElement>? Authorizer { get; set; }

    /// <summary>The caller.</summary>
    public ApiGatewayRequestIdentity Identity { get; set; } = new();

    /// <summary>The full path including the stage, e.g. <c>/prod/stream</c>.</summary>
    public string? Path { get; set; }

    /// <summary>The protocol, e.g. <c>HTTP/1.1</c>.</summary>
    public string? Protocol { get; set; }

    /// <summary>API Gateway's id for this request.</summary>
    public string? RequestId { get; set; }

    /// <summary>The request time, e.g. <c>09/Apr/2015:12:34:56 +0000</c>.</summary>
    public string? RequestTime { get; set; }

    /// <summary>The request time in milliseconds since the Unix epoch.</summary>
    public long RequestTimeEpoch { get; set; }

    /// <summary>The resource's id.</summary>
    public string? ResourceId { get; set; }

    /// <summary>The resource's path template, e.g. <c>/{proxy+}</c>.</summary>
    public string? ResourcePath { get; set; }

    /// <summary>The deployment stage, e.g. <c>prod</c>.</summary>
    public string? Stage { get; set; }
}
