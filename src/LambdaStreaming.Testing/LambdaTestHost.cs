using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;

namespace LambdaStreaming.Testing;

/// <summary>
/// Invokes a handler in memory, without sockets or an emulator, through the runtime's own hosting seam
/// (<see cref="ResponseControl"/> over a sink that records), and returns what Lambda would have received:
/// <code>
/// var record = await LambdaTestHost.InvokeAsync(handler, """{"rawPath":"/ticks"}""");
/// Assert.Equal(ResponseOutcome.Stream, record.Outcome);
/// Assert.Equal(["tick 1", "tick 2"], record.ServerSentEvents().Select(e => e.Data));
/// </code>
/// There is one overload per handler shape <see cref="LambdaRuntime.RunAsync(StreamingHandler, LambdaRuntimeOptions?, CancellationToken)"/>
/// takes, adapted by the same <see cref="StreamingHandlers"/> the runtime uses.
/// </summary>
public static class LambdaTestHost
{
    /// <summary>Invokes a streaming handler with an event given as text (usually JSON).</summary>
    /// <param name="handler">The handler.</param>
    /// <param name="payload">The event.</param>
    /// <param name="context">The context; a new <see cref="TestLambdaContext"/> if null.</param>
    public static Task<InvocationRecord> InvokeAsync(StreamingHandler handler, string payload, TestLambdaContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return InvokeAsync(handler, Encoding.UTF8.GetBytes(payload), context);
    }

    /// <summary>Invokes a streaming handler with an event given as bytes.</summary>
    /// <param name="handler">The handler.</param>
    /// <param name="payload">The event.</param>
    /// <param name="context">The context; a new <see cref="TestLambdaContext"/> if null.</param>
    public static async Task<InvocationRecord> InvokeAsync(StreamingHandler handler, ReadOnlyMemory<byte> payload, TestLambdaContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        context ??= new TestLambdaContext();
        var linesBefore = context.TestLogger.Lines.Count;
        var deadline = context.StartInvocation();
        try
        {
            return await InvokeCoreAsync(handler, payload, context, deadline.Token, linesBefore).ConfigureAwait(false);
        }
        finally
        {
            context.EndInvocation(deadline);
        }
    }

    private static async Task<InvocationRecord> InvokeCoreAsync(StreamingHandler handler, ReadOnlyMemory<byte> payload, TestLambdaContext context, CancellationToken deadline, int linesBefore)
    {
        var sink = new RecordingSink(context.TimeProvider);
        var control = new ResponseControl(sink, context.Logger, deadline);
        // Set in this async method, so LambdaLog.Current is the test's logger for the handler and back to the caller's after.
        LambdaLog.EnterInvocation(context.Logger);
        Exception? failure = null;
        try
        {
            await handler(new LambdaRequest(payload), new ResponseStream(control), context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        var outcome = await control.EndAsync(failure, CancellationToken.None).ConfigureAwait(false);
        return sink.ToRecord(outcome, [.. context.TestLogger.Lines.Skip(linesBefore)]);
    }

    /// <summary>Invokes a buffered handler: its result is the whole response.</summary>
    /// <param name="handler">The handler.</param>
    /// <param name="payload">The event, as text (usually JSON).</param>
    /// <param name="context">The context; a new <see cref="TestLambdaContext"/> if null.</param>
    public static Task<InvocationRecord> InvokeAsync(BufferedHandler handler, string payload, TestLambdaContext? context = null) =>
        InvokeAsync(StreamingHandlers.From(handler), payload, context);

    /// <summary>
    /// Invokes a streaming handler of a typed event: <paramref name="event"/> is serialised with
    /// <paramref name="eventType"/> and deserialised for the handler, as the event's JSON would be on Lambda.
    /// </summary>
    /// <param name="eventType">The event's source-generated JSON metadata.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="event">The event.</param>
    /// <param name="context">The context; a new <see cref="TestLambdaContext"/> if null.</param>
    public static Task<InvocationRecord> InvokeAsync<TEvent>(JsonTypeInfo<TEvent> eventType, Func<TEvent, ResponseStream, ILambdaContext, Task> handler, TEvent @event, TestLambdaContext? context = null) =>
        InvokeAsync(StreamingHandlers.From(eventType, handler), JsonSerializer.SerializeToUtf8Bytes(@event, eventType), context);

    /// <summary>Invokes a typed buffered handler: JSON in, JSON out.</summary>
    /// <param name="eventType">The event's source-generated JSON metadata.</param>
    /// <param name="resultType">The result's source-generated JSON metadata.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="event">The event.</param>
    /// <param name="context">The context; a new <see cref="TestLambdaContext"/> if null.</param>
    public static Task<InvocationRecord> InvokeAsync<TEvent, TResult>(JsonTypeInfo<TEvent> eventType, JsonTypeInfo<TResult> resultType, Func<TEvent, ILambdaContext, Task<TResult>> handler, TEvent @event, TestLambdaContext? context = null) =>
        InvokeAsync(StreamingHandlers.From(eventType, resultType, handler), JsonSerializer.SerializeToUtf8Bytes(@event, eventType), context);

    /// <summary>Invokes an HTTP handler that returns a whole <see cref="HttpResult"/>, sent with the HTTP prelude.</summary>
    /// <param name="eventType">The event's source-generated JSON metadata (a Function URL or REST event).</param>
    /// <param name="handler">The handler.</param>
    /// <param name="event">The event.</param>
    /// <param name="context">The context; a new <see cref="TestLambdaContext"/> if null.</param>
    public static Task<InvocationRecord> InvokeAsync<TEvent>(JsonTypeInfo<TEvent> eventType, Func<TEvent, ILambdaContext, Task<HttpResult>> handler, TEvent @event, TestLambdaContext? context = null) =>
        InvokeAsync(StreamingHandlers.From(eventType, handler), JsonSerializer.SerializeToUtf8Bytes(@event, eventType), context);
}
