namespace LambdaStreaming.AspNetCore;

/// <summary>The Lambda invocation behind a request, as an <c>HttpContext</c> feature.</summary>
public interface ILambdaContextFeature
{
    /// <summary>The invocation's context: request id, deadline, function ARN, logger.</summary>
    ILambdaContext Context { get; }
}
