namespace LambdaStreaming.Emulator.Front;

/// <summary>Which AWS front the emulator's HTTP port plays.</summary>
public enum FrontKind
{
    /// <summary>A Lambda Function URL with <c>InvokeMode: RESPONSE_STREAM</c>: payload format 2.0.</summary>
    FunctionUrl,

    /// <summary>An API Gateway REST API proxy integration with <c>transferMode: STREAM</c>: payload format 1.0.</summary>
    RestApi,
}
