using System.Runtime.InteropServices;
using System.Text.Json.Serialization.Metadata;
using LambdaStreaming.InvocationLoop;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

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
    public static Task<int> RunAsync(BufferedHandler handler, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(LambdaHandler.FromBuffered(handler), options, stoppingToken);
    }

    /// <summary>Serves invocations with a streaming handler that receives its event deserialised as <typeparamref name="TEvent"/>.</summary>
    public static Task<int> RunAsync<TEvent>(JsonTypeInfo<TEvent> eventType, Func<TEvent, ResponseStream, ILambdaContext, Task> handler, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync((request, response, context) => handler(request.Deserialize(eventType), response, context), options, stoppingToken);
    }

    /// <summary>Serves invocations with a typed buffered handler: JSON in, JSON out, both through source-generated metadata.</summary>
    public static Task<int> RunAsync<TEvent, TResult>(JsonTypeInfo<TEvent> eventType, JsonTypeInfo<TResult> resultType, Func<TEvent, ILambdaContext, Task<TResult>> handler, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(resultType);
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(async (request, context) => LambdaResult.Json(await handler(request.Deserialize(eventType), context).ConfigureAwait(false), resultType), options, stoppingToken);
    }

    /// <summary>
    /// Serves HTTP invocations (Function URL or API Gateway REST) with a handler that returns a whole
    /// <see cref="Http.HttpResult"/>: status, headers, cookies and body, sent with the HTTP-integration prelude.
    /// </summary>
    public static Task<int> RunAsync<TEvent>(JsonTypeInfo<TEvent> eventType, Func<TEvent, ILambdaContext, Task<Http.HttpResult>> handler, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default) =>
        RunAsync(LambdaHandler.FromHttp(eventType, handler), options, stoppingToken);

    /// <summary>
    /// Runs <paramref name="initialize"/> once before the first invocation, then serves invocations with the handler
    /// it returns. If it throws, the failure is reported to <c>/runtime/init/error</c> and the method returns 1.
    /// </summary>
    public static async Task<int> RunAsync(Func<CancellationToken, ValueTask<StreamingHandler>> initialize, LambdaRuntimeOptions? options = null, CancellationToken stoppingToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        options ??= new LambdaRuntimeOptions();
        var variables = options.EnvironmentVariables ?? Environment.GetEnvironmentVariable;
        var output = options.LogOutput;
        LambdaEnvironment environment;
        try
        {
            environment = LambdaEnvironment.Read(variables);
        }
        catch (LambdaEnvironmentException ex)
        {
            new LogSink(output, LogLevel.Information).Write(null, LogLevel.Critical, $"Runtime.InvalidEnvironment: {ex.Message}");
            await TryReportInitErrorAsync(variables("AWS_LAMBDA_RUNTIME_API"), ErrorReport.FromException(ex, "Runtime.InvalidEnvironment"), output).ConfigureAwait(false);
            return 1;
        }
        var log = new LogSink(output, environment.LogLevel, environment.LogFormat);
        LambdaLog.UseSink(log);

        // Extensions register during init, before the runtime's first next.
        await using var shutdownExtension = options.RegisterShutdownExtension
            ? await ShutdownExtension.TryRegisterAsync(environment.RuntimeApi, log, stoppingToken).ConfigureAwait(false)
            : null;

        StreamingHandler handler;
        try
        {
            handler = await initialize(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            log.Write(null, LogLevel.Critical, $"Runtime.InitError: the function failed to initialise: {ex}");
            await TryReportInitErrorAsync(environment.RuntimeApi.Authority, ErrorReport.FromException(ex, "Runtime.InitError"), output).ConfigureAwait(false);
            return 1;
        }

        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var sigterm = options.HandleSigterm ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            // Not the default (die at once): the invocation in flight still gets its outcome.
            signal.Cancel = true;
            log.Write(null, LogLevel.Information, "SIGTERM: no more invocations; finishing the one in flight, then exiting.");
            stopAll.Cancel();
        }) : null;
        var workers = new Task<int>[environment.MaxConcurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            var client = new RuntimeApiClient(environment.RuntimeApi, options.MaxEventBytes);
            // Each worker sends its first poll from here and then moves to a thread of its own; starting them without
            // Task.Run keeps the thread pool, and the threads it would start, out of the cold start.
            workers[i] = new InvocationWorker(environment, client, handler, log, options).RunAsync(stopAll.Token);
        }
        var first = await Task.WhenAny(workers).ConfigureAwait(false);
        // One worker stopping means the environment is done: a fatal fault, or shutdown. Stop the others too.
        await stopAll.CancelAsync().ConfigureAwait(false);
        var codes = await Task.WhenAll(workers).ConfigureAwait(false);
        if (output is not null)
        {
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        return codes.Max();
    }

    private static async Task TryReportInitErrorAsync(string? runtimeApi, ErrorReport error, TextWriter? output)
    {
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            return;
        }
        try
        {
            var client = new RuntimeApiClient(HttpEndpoint.Parse(runtimeApi), 0);
            await using var connection = await client.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
            await client.PostInitErrorAsync(connection, error, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            new LogSink(output, LogLevel.Information).Write(null, LogLevel.Critical, $"Could not report the init error to the Runtime API: {ex.Message}");
        }
    }
}
