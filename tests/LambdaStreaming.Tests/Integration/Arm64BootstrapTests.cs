
namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// The arm64 <c>bootstrap</c> of <c>samples/ChunkedText</c>, built by <c>bootstrap/package.sh --arch arm64</c> with
/// Debian's cross toolchain. What a deployment depends on is checked from the file itself: the ELF machine, the glibc
/// it binds to, and the zip Lambda unpacks.
/// </summary>
public sealed class Arm64BootstrapTests(PackagedArm64Bootstrap package) : IClassFixture<PackagedArm64Bootstrap>
{
    private const ushort ElfMachineAArch64 = 183;

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
    public async Task Bootstrap_needs_no_glibc_newer_than_2_34()
    {
        var newest = await package.NewestGlibcNeededAsync();

        Assert.True(newest <= new Version(2, 34), $"needs GLIBC_{newest}");
    }

    [Fact]
    public void Zip_holds_the_arm64_bootstrap_at_its_root_with_mode_0755()
    {
        var (mode, content) = package.ZippedBootstrap();

        const int regularFile0755 = 0x81ED; // S_IFREG | 0755
        Assert.Equal(regularFile0755, mode);
        Assert.Equal(File.ReadAllBytes(package.Bootstrap), content);
    }

    [Fact]
    public void Package_script_names_the_architecture_it_built()
    {
        Assert.Contains("bootstrap (AArch64,", package.PackageOutput);
    }
}
