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

    // Flows with the invocation's async work (including tasks it starts) and nowhere else.
    internal static void EnterInvocation(ILambdaLogger logger) => CurrentInvocation.Value = logger;
}
