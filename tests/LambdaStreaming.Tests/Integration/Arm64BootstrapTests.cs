using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// The arm64 <c>bootstrap</c> of <c>samples/ChunkedText</c>, built by <c>bootstrap/package.sh --arch arm64</c> with
/// Debian's cross toolchain and run behind the emulator under <c>qemu-aarch64</c>; besides the contract every
/// architecture meets, the file must really be an AArch64 executable.
/// </summary>
public sealed class Arm64BootstrapTests(PackagedArm64Bootstrap package) : ChunkedTextBootstrapContract(package), IClassFixture<PackagedArm64Bootstrap>
{
    private const ushort ElfMachineAArch64 = 183;

    protected override string[] FunctionCommand => QemuArm64.Command(package.Bootstrap);

    [Fact]
    public void Bootstrap_is_an_AArch64_executable()
    {
        var header = new byte[20];
        using (var file = File.OpenRead(package.Bootstrap))
        {
            file.ReadExactly(header);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        Assert.Equal(ElfMachineAArch64, BitConverter.ToUInt16(header, 18));
    }

    [Fact]
    public void Package_script_names_the_architecture_it_built()
    {
        Assert.Contains("bootstrap (AArch64,", package.PackageOutput);
    }
}
