namespace LambdaStreaming.Tests.Support;

/// <summary>
/// What some tests need beyond the .NET SDK. A missing one fails the test with one line naming the command that
/// installs it; nothing is skipped.
/// </summary>
internal static class Prerequisites
{
    private const string Setup = "run ./test.sh (or bash tests/setup.sh), which installs the test prerequisites";

    /// <summary>Fails unless <paramref name="command"/> is on the PATH.</summary>
    public static void RequireCommand(string command, string what)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(directory => directory.Length > 0 && File.Exists(Path.Combine(directory, command)));
        if (!found)
        {
            throw new InvalidOperationException($"{what} is missing (no '{command}' command): {Setup}.");
        }
    }

    /// <summary>Fails unless <paramref name="path"/> exists.</summary>
    public static void RequireFile(string path, string what)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new InvalidOperationException($"{what} is missing ({path}): {Setup}.");
        }
    }

    /// <summary>What a Native AOT publish for <paramref name="architecture"/> (x64 or arm64) needs.</summary>
    public static void RequireAotToolchain(string architecture)
    {
        RequireCommand("clang", "The clang compiler Native AOT links with");
        RequireFile("/usr/include/zlib.h", "zlib's headers (zlib1g-dev)");
        RequireCommand("objdump", "objdump (binutils)");
        RequireCommand("zip", "zip");
        if (architecture == "arm64")
        {
            RequireCommand("aarch64-linux-gnu-ld", "The aarch64 cross linker (binutils-aarch64-linux-gnu)");
            RequireFile("/usr/lib/aarch64-linux-gnu/libc.so", "The arm64 C library to link against (libc6-dev:arm64)");
            RequireFile("/usr/lib/aarch64-linux-gnu/libz.so", "The arm64 zlib (zlib1g-dev:arm64)");
        }
    }
}
