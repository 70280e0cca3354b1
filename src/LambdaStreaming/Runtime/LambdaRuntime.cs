using System.Text.Json.Serialization.Metadata;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;
using LambdaStreaming.InvocationLoop;

namespace LambdaStreaming;

/// <summary>
/// Starts the runtime: reads the Lambda environment, then serves invocations until the process is stopped.
/// A complete streaming function:
/// <code>
/// return await LambdaRuntime.RunAsync(async (request, response, context) =>
/// {
///     response.ContentType = "text/plain";
///     await response.WriteAsync("hello\n"u8.ToArray());
/// });
/// </code>
/// Each method returns the process exit code: 0 after the stopping token fires, non-zero when the
/// runtime cannot go on (initialisation failed, or the Runtime API is broken), so that Lambda replaces the environment.
/// </summary>
public static class LambdaRuntime
{
    /// <summary>Serves invocations with a streaming handler.</summary>
    public static Task<int> RunAsync(StreamingHandler handler, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(_ => ValueTask.FromResult(handler), options, stoppingToken);
    }

    /// <summary>Serves invocations with a buffered handler: its result is sent whole, with a <c>Content-Length</c>.</summary>
    public static Task<int> RunAsync(BufferedHandler handler, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default) =>
        RunAsync(StreamingHandlers.From(handler), options, stoppingToken);

    /// <summary>Serves invocations with a streaming handler that receives its event deserialised as <typeparamref name="TEvent"/>.</summary>
    public static Task<int> RunAsync<TEvent>(JsonTypeInfo<TEvent> eventType, Func<TEvent, ResponseStream, ILambdaContext, Task> handler, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default) =>
        RunAsync(StreamingHandlers.From(eventType, handler), options, stoppingToken);

    /// <summary>Serves invocations with a typed buffered handler: JSON in, JSON out, both through source-generated metadata.</summary>
    public static Task<int> RunAsync<TEvent, TResult>(JsonTypeInfo<TEvent> eventType, JsonTypeInfo<TResult> resultType, Func<TEvent, ILambdaContext, Task<TResult>> handler, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default) =>
        RunAsync(StreamingHandlers.From(eventType, resultType, handler), options, stoppingToken);

    /// <summary>
    /// Serves HTTP invocations (Function URL or API Gateway REST) with a handler that returns a whole
    /// <see cref="Http.HttpResult"/>: status, headers, cookies and body, sent with the HTTP-integration prelude.
    /// </summary>
    public static Task<int> RunAsync<TEvent>(JsonTypeInfo<TEvent> eventType, Func<TEvent, ILambdaContext, Task<Http.HttpResult>> handler, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default) =>
        RunAsync(StreamingHandlers.From(eventType, handler), options, stoppingToken);

    /// <summary>
    /// Runs <paramref name="initialize"/> once before the first invocation, then serves invocations with the handler
    /// it returns. If it throws, the failure is reported to <c>/runtime/init/error</c> and the method returns 1.
    /// </summary>
    public static Task<int> RunAsync(Func<CancellationToken, ValueTask<StreamingHandler>> initialize, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        options ??= new LambdaRuntimeOptions();
        var time = options.TimeProvider;
        return RuntimeHost.RunAsync(async (environment, log, cancellationToken) =>
        {
            var handler = await initialize(cancellationToken).ConfigureAwait(false);
            return (invocation, response, token) =>
            {
                var logger = response.Logger;
                LambdaLog.EnterInvocation(logger);
                var context = new LambdaContext(environment, invocation, logger, token, time);
                return handler(new LambdaRequest(invocation.Payload), new ResponseStream(response), context);
            };
        }, options, stoppingToken);
    }
}
