namespace LambdaStreaming.Tests.Support;

/// <summary>
/// Runs <see cref="LambdaRuntime"/> in-process against a Runtime API address, with its own environment variables
/// (so parallel tests never share process state) and a captured log.
/// </summary>
internal sealed class RuntimeUnderTest : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _log = new();
    private readonly TextWriter _synchronizedLog;
    private readonly ScriptedServer? _server;

    private RuntimeUnderTest(string runtimeApi, Func<CancellationToken, ValueTask<StreamingHandler>> initialize, IDictionary<string, string>? environment, Action<LambdaRuntimeOptions>? configure, ScriptedServer? server = null)
    {
        _server = server;
        // SyncTextWriter locks on itself, so reading under the same lock sees whole lines only.
        _synchronizedLog = TextWriter.Synchronized(_log);
        var variables = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "test-function",
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "7",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/test-function",
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = "2026/11/24/[7]abcdef",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }
        var options = new LambdaRuntimeOptions
        {
            EnvironmentVariables = name => variables.GetValueOrDefault(name),
            LogOutput = _synchronizedLog,
        };
        // The test host's own SIGTERM handling must stay its own.
        options.HandleSigterm = false;
        configure?.Invoke(options);
        Completion = Task.Run(() => LambdaRuntime.RunAsync(initialize, options, _stop.Token));
    }

    /// <summary>The runtime's exit code, once it stops.</summary>
    public Task<int> Completion { get; }

    /// <summary>What the runtime logged so far.</summary>
    public string Log
    {
        get
        {
            lock (_synchronizedLog)
            {
                return _log.ToString();
            }
        }
    }

    public static RuntimeUnderTest Start(string runtimeApi, StreamingHandler handler, IDictionary<string, string>? environment = null, Action<LambdaRuntimeOptions>? configure = null) =>
        new(runtimeApi, _ => ValueTask.FromResult(handler), environment, configure);

    public static RuntimeUnderTest Start(string runtimeApi, Func<CancellationToken, ValueTask<StreamingHandler>> initialize, IDictionary<string, string>? environment = null) =>
        new(runtimeApi, initialize, environment, null);

    /// <summary>
    /// Runs against a scripted Runtime API. If the test ends (passing or failing) while the runtime still waits for
    /// a reply the script never sent, disposal closes the script's connections so the runtime stops at once, and a
    /// failed assertion is reported as itself instead of being replaced by "the runtime did not stop".
    /// </summary>
    public static RuntimeUnderTest Start(ScriptedServer server, StreamingHandler handler, IDictionary<string, string>? environment = null, Action<LambdaRuntimeOptions>? configure = null) =>
        new(server.Authority, _ => ValueTask.FromResult(handler), environment, configure, server);

    /// <inheritdoc cref="Start(ScriptedServer, StreamingHandler, IDictionary{string, string}?, Action{LambdaRuntimeOptions}?)"/>
    public static RuntimeUnderTest Start(ScriptedServer server, Func<CancellationToken, ValueTask<StreamingHandler>> initialize, IDictionary<string, string>? environment = null) =>
        new(server.Authority, initialize, environment, null, server);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_server is not null)
        {
            // A stop lets the invocation in flight finish; one waiting on a script that will not answer never does.
            // Two seconds is far more than a stop with nothing in flight takes (the poll is cancelled at once).
            try
            {
                await Completion.WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (TimeoutException)
            {
                await _server.DisposeAsync();
            }
        }
        try
        {
            await Completion.WaitAsync(TestTimeouts.Guard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The runtime did not stop. Log:\n{Log}");
        }
        _stop.Dispose();
    }
}
