namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>A theory that needs a POSIX shell (bash with <c>/dev/tcp</c>) to play a function process.</summary>
internal sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/bash"))
        {
            Skip = "Needs /bin/bash.";
        }
    }
}
