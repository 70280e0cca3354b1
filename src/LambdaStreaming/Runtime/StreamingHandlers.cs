using System.Text.Json.Serialization.Metadata;
using LambdaStreaming.Http;

namespace LambdaStreaming.Hosting;

/// <summary>
/// Each handler shape <see cref="LambdaRuntime"/> takes, as the <see cref="StreamingHandler"/> it runs: the one
/// adaptation the runtime and any other host (LambdaStreaming.Testing's) share, so a handler behaves alike in both.
/// </summary>
public static class StreamingHandlers
{
    /// <summary>A buffered handler: its result is sent whole, with a <c>Content-Length</c>.</summary>
    public static StreamingHandler From(BufferedHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return async (request, response, context) => response.SetBufferedResult(await handler(request, context).ConfigureAwait(false));
    }

    /// <summary>A streaming handler of an event deserialised as <typeparamref name="TEvent"/>.</summary>
    public static StreamingHandler From<TEvent>(JsonTypeInfo<TEvent> eventType, Func<TEvent, ResponseStream, ILambdaContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(handler);
        return (request, response, context) => handler(request.Deserialize(eventType), response, context);
    }

    /// <summary>A typed buffered handler: JSON in, JSON out, both through source-generated metadata.</summary>
    public static StreamingHandler From<TEvent, TResult>(JsonTypeInfo<TEvent> eventType, JsonTypeInfo<TResult> resultType, Func<TEvent, ILambdaContext, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(resultType);
        ArgumentNullException.ThrowIfNull(handler);
        return From(async (request, context) => LambdaResult.Json(await handler(request.Deserialize(eventType), context).ConfigureAwait(false), resultType));
    }

    /// <summary>An HTTP handler that returns a whole <see cref="HttpResult"/>, sent with the HTTP-integration prelude.</summary>
    public static StreamingHandler From<TEvent>(JsonTypeInfo<TEvent> eventType, Func<TEvent, ILambdaContext, Task<HttpResult>> handler)
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
