namespace LambdaStreaming;

/// <summary>
/// What a handler knows about its invocation and environment. Member names and types match
/// <c>Amazon.Lambda.Core.ILambdaContext</c>, so a handler ports by changing its <c>using</c>.
/// </summary>
public interface ILambdaContext
{
    /// <summary>The request id Lambda assigned to this invocation.</summary>
    string AwsRequestId { get; }

    /// <summary>Information about the client application, for invocations from the AWS Mobile SDK; otherwise null.</summary>
    IClientContext? ClientContext { get; }

    /// <summary>The function's name.</summary>
    string FunctionName { get; }

    /// <summary>The function version being executed.</summary>
    string FunctionVersion { get; }

    /// <summary>The Cognito identity of a mobile caller; otherwise null.</summary>
    ICognitoIdentity? Identity { get; }

    /// <summary>The ARN used to invoke this function, with a version or alias when one was used.</summary>
    string InvokedFunctionArn { get; }

    /// <summary>A logger that tags each line with this invocation's request id.</summary>
    ILambdaLogger Logger { get; }

    /// <summary>The CloudWatch log group of the function.</summary>
    string LogGroupName { get; }

    /// <summary>The CloudWatch log stream of this execution environment.</summary>
    string LogStreamName { get; }

    /// <summary>The memory configured for the function, in MB.</summary>
    int MemoryLimitInMB { get; }

    /// <summary>Time left before Lambda stops the invocation.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>The X-Ray trace header of this invocation (also in <c>_X_AMZN_TRACE_ID</c> when one invocation runs at a time).</summary>
    string TraceId { get; }

    /// <summary>The tenant of a tenant-isolated function; otherwise null.</summary>
    string? TenantId { get; }

    /// <summary>When Lambda stops the invocation.</summary>
    DateTimeOffset Deadline { get; }

    /// <summary>
    /// Cancelled shortly before <see cref="Deadline"/>, so a handler can end its response cleanly instead of being
    /// cut off. A client that disconnects does not cancel it: Lambda keeps running (and billing) the function.
    /// </summary>
    CancellationToken CancellationToken { get; }
}
