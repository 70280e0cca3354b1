namespace LambdaStreaming.Http;

/// <summary>The <c>requestContext.authorizer</c> of a Function URL event that uses <c>AWS_IAM</c> auth.</summary>
public sealed class FunctionUrlAuthorizer
{
    /// <summary>The signing caller.</summary>
    public FunctionUrlIamIdentity? Iam { get; set; }
}
