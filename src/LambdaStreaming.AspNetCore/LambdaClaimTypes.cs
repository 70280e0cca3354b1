namespace LambdaStreaming.AspNetCore;

/// <summary>
/// The claim types the host gives <c>HttpContext.User</c> when the front authorised the request. A Function URL with
/// <c>AuthType: AWS_IAM</c> gives the IAM caller (authentication type <see cref="IamAuthenticationType"/>); a REST
/// method's authorizer gives its <c>principalId</c>, each context value under its own key, and a Cognito user pool's
/// claims under their JWT names (authentication type <see cref="AuthorizerAuthenticationType"/>).
/// </summary>
public static class LambdaClaimTypes
{
    /// <summary>The authentication type of an IAM-signed request.</summary>
    public const string IamAuthenticationType = "AWS_IAM";

    /// <summary>The authentication type of a request a REST method's authorizer let through.</summary>
    public const string AuthorizerAuthenticationType = "ApiGatewayAuthorizer";

    /// <summary>The IAM caller's ARN (also the principal's <c>NameIdentifier</c> and <c>Name</c>).</summary>
    public const string UserArn = "aws:userArn";

    /// <summary>The IAM caller's user id.</summary>
    public const string UserId = "aws:userId";

    /// <summary>The IAM caller's account.</summary>
    public const string AccountId = "aws:accountId";

    /// <summary>The IAM caller's id (Function URLs).</summary>
    public const string CallerId = "aws:callerId";

    /// <summary>The access key the request was signed with (Function URLs).</summary>
    public const string AccessKey = "aws:accessKey";

    /// <summary>A REST authorizer's <c>principalId</c> (also the principal's <c>NameIdentifier</c>).</summary>
    public const string PrincipalId = "principalId";
}
