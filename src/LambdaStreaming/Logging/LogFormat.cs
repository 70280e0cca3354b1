namespace LambdaStreaming;

/// <summary>How log lines are laid out, from <c>AWS_LAMBDA_LOG_FORMAT</c>.</summary>
public enum LogFormat
{
    /// <summary><c>timestamp TAB requestId TAB LEVEL TAB message</c>, Lambda's plain-text layout.</summary>
    Text,

    /// <summary>One JSON object per line: <c>timestamp</c>, <c>level</c>, <c>requestId</c>, <c>message</c>, and the exception's fields.</summary>
    Json,
}
