namespace ApiGatewayMixed;

/// <summary>The answer for any other route.</summary>
public sealed record NotFound(string Message);
