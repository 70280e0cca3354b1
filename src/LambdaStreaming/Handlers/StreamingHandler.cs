namespace LambdaStreaming;

/// <summary>
/// A handler that streams its response: whatever it writes to <paramref name="response"/> and flushes reaches the
/// caller at once. Returning completes the response; throwing reports the error (through <c>/error</c> if nothing
/// was sent yet, through trailers otherwise).
/// </summary>
public delegate Task StreamingHandler(LambdaRequest request, ResponseStream response, ILambdaContext context);
