namespace LambdaStreaming.Http;

/// <summary>The IAM identity that signed a Function URL request.</summary>
public sealed class FunctionUrlIamIdentity
{
    /// <summary>The caller's access key id.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The caller's AWS account.</summary>
    public string? AccountId { get; set; }

    /// <summary>The caller's IAM principal id.</summary>
    public string? CallerId { get; set; }

    /// <summary>The caller's ARN.</summary>
    public string? UserArn { get; set; }

    /// <summary>The caller's IAM user id.</summary>
    public string? UserId { get; set; }
}
