using System.Text.Json.Serialization.Metadata;
using LambdaStreaming.Http;

namespace LambdaStreaming.Tests.Support;

/// <summary>
/// The buffered and HTTP handler shapes as streaming handlers, the way <see cref="LambdaRuntime"/>'s overloads run
/// them, for tests that start a runtime with a <see cref="StreamingHandler"/>.
/// </summary>
internal static class HandlerShapes
{
    public static StreamingHandler Buffered(BufferedHandler handler) =>
        async (request, response, context) => response.SetBufferedResult(await handler(request, context));

    public static StreamingHandler Http<TEvent>(JsonTypeInfo<TEvent> eventType, Func<TEvent, ILambdaContext, Task<HttpResult>> handler) =>
        async (request, response, context) => await response.WriteHttpResultAsync(await handler(request.Deserialize(eventType), context), context.CancellationToken);
}
