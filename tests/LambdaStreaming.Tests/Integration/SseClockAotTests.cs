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

        // The browser's own clock at the moment each update is put on screen.
        await page.AddInitScriptAsync("""
            window.renderedAt = [];
            new MutationObserver(changes => {
              for (const change of changes)
                for (const node of change.addedNodes)
                  if (node.nodeType === 1 && node.matches('li[data-id]')) window.renderedAt.push(Date.now());
            }).observe(document, { childList: true, subtree: true });
            """);
        await page.GotoAsync(new Uri(emulator.HttpAddress, "?count=3&intervalMs=500").ToString());

        await page.WaitForSelectorAsync("#events li[data-id='3']", new() { Timeout = 30_000 });
        // Rendered as they arrive: the three updates, made 500 ms apart, reached the screen spread over about a
        // second; a buffered response would put them there together. Half of that spread leaves room for a stall.
        var renderedAt = await page.EvaluateAsync<double[]>("window.renderedAt");
        Assert.Equal(3, renderedAt.Length);
        Assert.True(renderedAt[^1] - renderedAt[0] >= 500, $"the updates were rendered within {renderedAt[^1] - renderedAt[0]} ms of each other");

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
        var newest = await package.NewestGlibcNeededAsync();

        Assert.True(newest <= new Version(2, 34), $"needs GLIBC_{newest}");
    }
}
