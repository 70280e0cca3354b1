using System.Diagnostics;
using System.Text.Json;
using LambdaStreaming.Tests.Browser;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// The Native AOT <c>bootstrap</c> of <c>samples/SseClock</c> behind the emulator, seen by the clients people use:
/// <c>curl -N</c> and a real browser's <c>EventSource</c>.
/// </summary>
public sealed class SseClockAotTests(PackagedSseClock package, HeadlessChromium chromium) : IClassFixture<PackagedSseClock>, IClassFixture<HeadlessChromium>
{
    [Fact]
    public async Task Curl_shows_the_updates_arrive_one_by_one()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: [package.Bootstrap]);
        var start = new ProcessStartInfo("curl", ["-sN", "--max-time", "30", new Uri(emulator.HttpAddress, "stream?count=4&intervalMs=400").ToString()])
        {
            RedirectStandardOutput = true,
        };
        using var curl = Process.Start(start)!;

        // Each data line stamped as curl hands it over: curl -N writes what it receives at once.
        var lines = new List<(string Line, DateTimeOffset At)>();
        while (await curl.StandardOutput.ReadLineAsync().WaitAsync(TestTimeouts.Guard) is { } line)
        {
            lines.Add((line, DateTimeOffset.UtcNow));
        }
        await curl.WaitForExitAsync().WithGuard();

        Assert.Equal(0, curl.ExitCode);
        Assert.Equal(4, lines.Count(l => l.Line == "event: update"));
        var updates = lines.Where(l => l.Line.StartsWith("data: {\"timestamp\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, updates.Count);
        var made = updates.Select(u => DateTimeOffset.Parse(JsonDocument.Parse(u.Line["data: ".Length..]).RootElement.GetProperty("timestamp").GetString()!)).ToList();
        // Streamed: the first update reached curl before the function made the last one (see SseClockSampleTests).
        Assert.True(updates[0].At < made[^1], $"update 1 reached curl at {updates[0].At:O}, after update {updates.Count} was made at {made[^1]:O}");
    }

    [Fact]
    public async Task A_browser_EventSource_renders_the_updates_live()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: [package.Bootstrap]);
        var page = await chromium.Browser.NewPageAsync();

        await page.GotoAsync(new Uri(emulator.HttpAddress, "?count=3&intervalMs=500").ToString());

        // When the first update is on screen, the last one has not been made yet: the page renders as events arrive.
        await page.WaitForSelectorAsync("#events li[data-id='1']", new() { Timeout = 30_000 });
        var renderedWithFirst = await page.Locator("#events li[data-id]").CountAsync();
        Assert.True(renderedWithFirst < 3, $"{renderedWithFirst} updates were on screen together with the first");

        await page.WaitForSelectorAsync("#events li[data-id='3']", new() { Timeout = 30_000 });
        var texts = await page.Locator("#events li").AllInnerTextsAsync();
        Assert.Equal("welcome: connected", texts[0]);
        Assert.Equal(4, texts.Count);
        Assert.All(texts.Skip(1), t => Assert.Contains("Current time", t));
        await page.WaitForFunctionAsync("document.getElementById('status').textContent === 'closed'", null, new() { Timeout = 30_000 });
        await page.CloseAsync();
    }

    [Fact]
    public async Task Bootstrap_needs_no_glibc_newer_than_2_34()
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("objdump", ["-T", package.Bootstrap]);
        Assert.Equal(0, exitCode);
        var newest = System.Text.RegularExpressions.Regex.Matches(output, @"GLIBC_(\d+)\.(\d+)")
            .Select(m => new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)))
            .Max();
        Assert.True(newest <= new Version(2, 34), $"needs GLIBC_{newest}");
    }
}
