namespace LambdaStreaming.RuntimeApi;

/// <summary>The Runtime API answered in a way the runtime cannot recover from by itself.</summary>
public sealed class RuntimeApiException : Exception
{
    /// <summary>Creates the exception for an unexpected status code.</summary>
    internal RuntimeApiException(string operation, int statusCode, string detail)
        : base($"Runtime API {operation} answered {statusCode}: {detail}")
    {
        StatusCode = statusCode;
    }

    /// <summary>The status code the Runtime API answered with.</summary>
    public int StatusCode { get; }

    /// <summary>
    /// True for 500 (the Runtime API's "container error"): AWS's contract is that the runtime exits and Lambda
    /// replaces the environment.
    /// </summary>
    public bool IsFatal => StatusCode >= 500;
}
