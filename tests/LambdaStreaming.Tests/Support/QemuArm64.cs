namespace LambdaStreaming.Tests.Support;

/// <summary>Runs an arm64 executable on this x64 machine: qemu-user with the arm64 glibc of <c>bootstrap/arm64-sysroot.sh</c>.</summary>
internal static class QemuArm64
{
    private static readonly string Sysroot = RepositoryPaths.Combine("artifacts", "arm64-sysroot");

    /// <summary>The command line that runs <paramref name="executable"/> under <c>qemu-aarch64</c>.</summary>
    public static string[] Command(string executable)
    {
        Prerequisites.RequireFile(Path.Combine(Sysroot, "lib", "ld-linux-aarch64.so.1"), "The arm64 glibc qemu runs arm64 programs on");
        Prerequisites.RequireCommand("qemu-aarch64", "qemu-user");
        return ["qemu-aarch64", "-L", Sysroot, executable];
    }
}
