namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>A test that needs a POSIX shell (bash with <c>/dev/tcp</c>) to play a function process.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/bash"))
        {
            Skip = "Needs /bin/bash.";
        }
    }
}
