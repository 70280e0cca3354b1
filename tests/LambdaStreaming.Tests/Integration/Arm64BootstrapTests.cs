using System.Text;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// The arm64 <c>bootstrap</c> of <c>samples/ChunkedText</c>, built by <c>bootstrap/package.sh --arch arm64</c> with
/// Debian's cross toolchain: the ELF machine, the glibc it binds to and the zip Lambda unpacks, and the binary itself
/// streaming behind the emulator under <c>qemu-aarch64</c> (an arm64 glibc from <c>bootstrap/arm64-sysroot.sh</c>).
/// </summary>
public sealed class Arm64BootstrapTests(PackagedArm64Bootstrap package) : IClassFixture<PackagedArm64Bootstrap>
{
    private const ushort ElfMachineAArch64 = 183;

    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Bootstrap_streams_behind_the_emulator_under_qemu_aarch64()
    {
        var sysroot = RepositoryPaths.Combine("artifacts", "arm64-sysroot");
        Assert.True(File.Exists(Path.Combine(sysroot, "lib", "ld-linux-aarch64.so.1")),
            "No arm64 glibc for qemu: run bash bootstrap/arm64-sysroot.sh artifacts/arm64-sysroot (.ci/run does), and install qemu-user.");

        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: ["qemu-aarch64", "-L", sysroot, package.Bootstrap]);
        await emulator.Ledger.WaitForNextRequestsAsync(1).WithGuard();
        using var reply = await emulator.InvokeAsync(Http);
        var outcome = emulator.Ledger.WaitForOutcomeAsync(reply.RequestId());
        // How the client's reads split the body depends on when the test got to run; the stream is judged below.
        Assert.Equal("foo\nbar\nbaz\n", await reply.Content.ReadAsStringAsync().WithGuard());
        var record = await outcome.WithGuard();
        Assert.Equal(InvocationOutcome.Response, record.Outcome);
        // Streamed: the first chunk reached the Runtime API with the function's two 200 ms sleeps still ahead of it.
        // Judged on the emulator's clock, so a stalled test client cannot make a stream look buffered.
        Assert.True(record.Duration - record.TimeToFirstByte >= TimeSpan.FromMilliseconds(300),
            $"first byte after {record.TimeToFirstByte}, end after {record.Duration}");
        Assert.Equal("foo\nbar\nbaz\n", Encoding.ASCII.GetString(record.ResponseBody.Span));
        Assert.Equal("chunked", record.ReportHeaders["Transfer-Encoding"]);
    }

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
