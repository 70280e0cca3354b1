namespace LambdaStreaming.Emulator;

/// <summary>Writes the emulator's own log lines, each prefixed with <c>[emulator]</c> so they are easy to grep.</summary>
internal sealed class EmulatorLog(TextWriter writer)
{
    private readonly Lock _gate = new();

    public void Write(string message)
    {
        // A lock rather than TextWriter.Synchronized: the writer may be a test's StringWriter.
        lock (_gate)
        {
            writer.WriteLine("[emulator] " + message);
            writer.Flush();
        }
    }
}
