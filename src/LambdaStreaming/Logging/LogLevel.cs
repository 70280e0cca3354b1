namespace LambdaStreaming;

/// <summary>Log levels, named as in <c>Amazon.Lambda.Core.LogLevel</c>; <c>AWS_LAMBDA_LOG_LEVEL</c> picks the minimum.</summary>
public enum LogLevel
{
    /// <summary>Most detailed.</summary>
    Trace = 0,
    /// <summary>Debugging detail.</summary>
    Debug = 1,
    /// <summary>Normal operation.</summary>
    Information = 2,
    /// <summary>Unexpected but handled.</summary>
    Warning = 3,
    /// <summary>A failure of the current operation.</summary>
    Error = 4,
    /// <summary>A failure of the whole function.</summary>
    Critical = 5,
}
