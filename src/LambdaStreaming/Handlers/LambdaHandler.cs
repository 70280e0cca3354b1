namespace LambdaStreaming;

/// <summary>Adapters between the two handler shapes; the runtime itself only runs <see cref="StreamingHandler"/>s.</summary>
public static class LambdaHandler
{
    /// <summary>Runs a buffered handler as a streaming one whose whole response is sent with a <c>Content-Length</c>.</summary>
    public static StreamingHandler FromBuffered(BufferedHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return async (request, response, context) => response.SetBufferedResult(await handler(request, context).ConfigureAwait(false));
    }
}
