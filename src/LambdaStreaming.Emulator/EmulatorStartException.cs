namespace LambdaStreaming.Emulator;

/// <summary>The emulator could not start; the message is one line that says what to do.</summary>
public sealed class EmulatorStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EmulatorStartException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
