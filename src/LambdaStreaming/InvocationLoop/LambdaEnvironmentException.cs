namespace LambdaStreaming.InvocationLoop;

/// <summary>The Lambda environment variables are missing or malformed; reported as an init error.</summary>
internal sealed class LambdaEnvironmentException(string message) : Exception(message);
