using System.Diagnostics;
using System.Runtime.InteropServices;
using LambdaStreaming.Hosting;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Telemetry;
using LambdaStreaming.Transport;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// The runtime's process: reads the Lambda environment, registers the shutdown extension if asked, runs the
/// function's initialisation (reporting its failure to <c>/runtime/init/error</c>), handles SIGTERM, and runs
/// <c>AWS_LAMBDA_MAX_CONCURRENCY</c> workers until one stops.
/// </summary>
internal static class RuntimeHost
{
    /// <summary>Runs until <paramref name="stoppingToken"/> fires or a SIGTERM arrives (0), or the runtime cannot go on (1).</summary>
    /// <param name="initialize">The function's initialisation; returns the handler every worker runs.</param>
    /// <param name="options">The runtime's settings.</param>
    /// <param name="stoppingToken">Stops polling; the invocations in flight still end with their outcome.</param>
    public static async Task<int> RunAsync(Func<LambdaEnvironment, LogSink, CancellationToken, ValueTask<InvocationHandler>> initialize, LambdaRuntimeOptions options, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
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

        InvocationHandler handler;
        try
        {
            handler = await initialize(environment, log, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            log.Write(null, LogLevel.Critical, $"Runtime.InitError: the function failed to initialise: {ex}");
            await TryReportInitErrorAsync(environment.RuntimeApi.Authority, ErrorReport.FromException(ex, "Runtime.InitError"), output).ConfigureAwait(false);
            return 1;
        }

        var telemetry = new RuntimeTelemetry(environment, options.TraceParentSources, log);
        // Up to the first poll; the meter is usually set up by the initialisation just measured.
        try
        {
            RuntimeInstruments.InitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception ex)
        {
            // A listener's callback threw: telemetry never stops the runtime.
            log.Write(null, LogLevel.Error, $"Recording faas.init_duration failed: {ex.Message}", ex);
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
            workers[i] = new InvocationWorker(environment, client, handler, log, options, telemetry).RunAsync(stopAll.Token);
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
