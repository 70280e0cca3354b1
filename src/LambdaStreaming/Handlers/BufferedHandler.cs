namespace LambdaStreaming;

/// <summary>A handler that returns its whole response at once; the runtime sends it with a <c>Content-Length</c>.</summary>
public delegate Task<LambdaResult> BufferedHandler(LambdaRequest request, ILambdaContext context);
