namespace LambdaStreaming;

/// <summary>
/// The logger of whatever invocation the calling code runs in, for code that has no <c>ILambdaContext</c>
/// at hand (libraries, logging providers such as LambdaStreaming.Logging's). Lines carry that invocation's request
/// id and follow the runtime's format and level; outside an invocation they carry none.
/// </summary>
public static class LambdaLog
{
    private static readonly AsyncLocal<ILambdaLogger?> CurrentInvocation = new();
    private static ILambdaLogger _process = new LambdaLogger(new LogSink(null, LogLevel.Information), null);

    /// <summary>The current invocation's logger, or the runtime's logger (no request id) outside an invocation.</summary>
    public static ILambdaLogger Current => CurrentInvocation.Value ?? _process;

    /// <summary>The runtime's minimum level: a provider can skip formatting a message below it.</summary>
    public static LogLevel MinimumLevel { get; private set; } = LogLevel.Information;

    // Set by the runtime once it has read the environment, so lines outside invocations use its format and level.
    internal static void UseSink(LogSink sink)
    {
        _process = new LambdaLogger(sink, null);
        MinimumLevel = sink.MinimumLevel;
    }

    /// <summary>
    /// For a host (the runtime, <c>LambdaStreaming.Testing</c>), not for handlers: makes <paramref name="logger"/>
    /// <see cref="Current"/> for the calling execution context and the async work it starts from here on. Called in an
    /// async method, the caller's value is as it was once that method returns; called in a synchronous one, the value
    /// stays until the nearest async method up the stack returns.
    /// </summary>
    /// <param name="logger">The invocation's logger.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static void EnterInvocation(ILambdaLogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        CurrentInvocation.Value = logger;
    }
}
