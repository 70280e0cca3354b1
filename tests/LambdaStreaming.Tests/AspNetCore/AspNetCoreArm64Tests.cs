using LambdaStreaming.Tests.Integration;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>
/// The ASP.NET Core sample as Graviton gets it: <c>bootstrap/package.sh --arch arm64</c> (warning-free, or the script
/// fails), an AArch64 executable for glibc 2.34, streaming behind the emulator under <c>qemu-aarch64</c>.
/// </summary>
public sealed class AspNetCoreArm64Tests(PackagedArm64AspNetCoreSse package) : IClassFixture<PackagedArm64AspNetCoreSse>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task The_arm64_bootstrap_streams_the_updates_as_they_are_made()
    {
        Assert.Contains("bootstrap (AArch64,", package.PackageOutput);
        Assert.True(await package.NewestGlibcNeededAsync() <= new Version(2, 34));
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: QemuArm64.Command(package.Bootstrap));

        using var response = await Http.GetAsync(new Uri(emulator.HttpAddress, "stream?count=2&intervalMs=400"), HttpCompletionOption.ResponseHeadersRead).WithGuard();
        var events = await SseClient.ReadAllAsync(await response.Content.ReadAsStreamAsync()).WithGuard();

        Assert.Equal(["welcome", "update", "update"], events.Select(e => e.Item.EventType));
        Assert.True(events[^1].ReceivedAt - events[1].ReceivedAt >= TimeSpan.FromMilliseconds(200), "the updates arrived together, not as they were made");
    }
}
