namespace LambdaStreaming;

/// <summary>The Cognito identity of a mobile caller (same shape as <c>Amazon.Lambda.Core.ICognitoIdentity</c>).</summary>
public interface ICognitoIdentity
{
    /// <summary>The identity id.</summary>
    string IdentityId { get; }

    /// <summary>The identity pool id.</summary>
    string IdentityPoolId { get; }
}
