using System.Text.Json.Serialization.Metadata;
using LambdaStreaming.Http;

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

    /// <summary>
    /// Runs a handler that takes a typed HTTP event (e.g. <see cref="FunctionUrlRequest"/>) and returns a whole
    /// <see cref="HttpResult"/>, sent with the HTTP-integration prelude.
    /// </summary>
    public static StreamingHandler FromHttp<TEvent>(JsonTypeInfo<TEvent> eventType, Func<TEvent, ILambdaContext, Task<HttpResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(handler);
        return async (request, response, context) =>
        {
            var result = await handler(request.Deserialize(eventType), context).ConfigureAwait(false);
            await response.WriteHttpResultAsync(result, context.CancellationToken).ConfigureAwait(false);
        };
    }
}
