namespace LambdaStreaming.Testing;

/// <summary>One line the handler logged through <see cref="ILambdaContext.Logger"/> or <see cref="LambdaLog"/>.</summary>
public sealed class TestLogLine
{
    /// <summary>Creates a line.</summary>
    public TestLogLine(LogLevel level, string message)
    {
        Level = level;
        Message = message;
    }

    /// <summary>Its level.</summary>
    public LogLevel Level { get; }

    /// <summary>Its text (with the exception after a line break, for the overloads that take one).</summary>
    public string Message { get; }

    /// <summary><c>Level: message</c>, for assertion messages.</summary>
    public override string ToString() => $"{Level}: {Message}";
}
