namespace LambdaStreaming.RuntimeApi;

/// <summary>One event handed out by <c>GET /runtime/invocation/next</c>, with its invocation headers parsed.</summary>
internal sealed class Invocation
{
    /// <summary>The <c>Lambda-Runtime-Aws-Request-Id</c>; names the invocation in every later call.</summary>
    public required string RequestId { get; init; }

    /// <summary>When Lambda stops the invocation (<c>Lambda-Runtime-Deadline-Ms</c>).</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>The ARN the caller invoked, with a version or alias when one was used.</summary>
    public required string InvokedFunctionArn { get; init; }

    /// <summary>The X-Ray trace header, when tracing applies.</summary>
    public string? TraceId { get; init; }

    /// <summary>The client context JSON sent by a mobile SDK caller, when present.</summary>
    public string? ClientContextJson { get; init; }

    /// <summary>The Cognito identity JSON of a mobile SDK caller, when present.</summary>
    public string? CognitoIdentityJson { get; init; }

    /// <summary>The newer <c>Lambda-Runtime-Invocation-Id</c>, echoed on the response so a late reply can't match another invocation.</summary>
    public string? InvocationId { get; init; }

    /// <summary>The tenant of a tenant-isolated function, when present.</summary>
    public string? TenantId { get; init; }

    /// <summary>The event bytes.</summary>
    public required ReadOnlyMemory<byte> Payload { get; init; }
}
