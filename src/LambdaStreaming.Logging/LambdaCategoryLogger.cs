using Microsoft.Extensions.Logging;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace LambdaStreaming.Logging;

/// <summary>One category's logger: formats only what the runtime's level lets through, then writes it there.</summary>
internal sealed class LambdaCategoryLogger(string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(MelLogLevel logLevel) => logLevel != MelLogLevel.None && Map(logLevel) >= LambdaLog.MinimumLevel;

    public void Log<TState>(MelLogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = $"[{category}] {formatter(state, exception)}";
        var logger = LambdaLog.Current;
        if (exception is null)
        {
            logger.Log(Map(logLevel), message);
        }
        else
        {
            logger.Log(Map(logLevel), exception, message);
        }
    }

    private static LambdaStreaming.LogLevel Map(MelLogLevel level) => level switch
    {
        MelLogLevel.Trace => LambdaStreaming.LogLevel.Trace,
        MelLogLevel.Debug => LambdaStreaming.LogLevel.Debug,
        MelLogLevel.Information => LambdaStreaming.LogLevel.Information,
        MelLogLevel.Warning => LambdaStreaming.LogLevel.Warning,
        MelLogLevel.Error => LambdaStreaming.LogLevel.Error,
        _ => LambdaStreaming.LogLevel.Critical,
    };
}
