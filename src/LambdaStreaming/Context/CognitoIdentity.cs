using System.Text.Json.Serialization;

namespace LambdaStreaming;

/// <summary>The Cognito identity parsed from <c>Lambda-Runtime-Cognito-Identity</c>.</summary>
internal sealed class CognitoIdentity : ICognitoIdentity
{
    [JsonPropertyName("cognitoIdentityId")]
    public string IdentityId { get; set; } = "";

    [JsonPropertyName("cognitoIdentityPoolId")]
    public string IdentityPoolId { get; set; } = "";
}
