using LambdaStreaming.Tests.Browser;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// The Native AOT <c>bootstrap</c> of <c>samples/SseClock</c> behind the emulator, seen by a real browser's
/// <c>EventSource</c> (Debian's Chromium, driven by Playwright).
/// </summary>
[Collection(SseClockAotCollection.Name)]
public sealed class SseClockBrowserTests(PackagedSseClock package, HeadlessChromium chromium) : IClassFixture<HeadlessChromium>
{
    [Fact]
    public async Task A_browser_EventSource_renders_the_updates_live()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: [package.Bootstrap]);

        await ClockPageCheck.AssertRendersLiveAsync(chromium, emulator.HttpAddress);
    }

    [Fact]
    public async Task Two_browsers_on_the_page_stream_at_once()
    {
        // Each request that finds the function busy gets an environment of its own, as on Lambda: the second page
        // does not wait for the first page's stream to end.
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: [package.Bootstrap]);
        var pages = new[] { await chromium.Browser.NewPageAsync(), await chromium.Browser.NewPageAsync() };
        foreach (var page in pages)
        {
            await page.AddInitScriptAsync(RenderTimes.RecordScript);
        }

        var url = new Uri(emulator.HttpAddress, "?count=4&intervalMs=500").ToString();
        await Task.WhenAll(pages.Select(page => page.GotoAsync(url)));
        await Task.WhenAll(pages.Select(page => page.WaitForSelectorAsync("#events li[data-id='4']", new() { Timeout = 30_000 })));

        var first = await pages[0].EvaluateAsync<double[]>("window.renderedAt");
        var second = await pages[1].EvaluateAsync<double[]>("window.renderedAt");
        Assert.Equal(4, first.Length);
        Assert.Equal(4, second.Length);
        // Overlapping streams: each page had its first update on screen before the other page's last one.
        Assert.True(second[0] < first[^1] && first[0] < second[^1], $"page 1 rendered {first[0]}..{first[^1]}, page 2 {second[0]}..{second[^1]}");
        // Two streams at once, and the two page loads beside them: two to four environments.
        Assert.InRange(emulator.EnvironmentCount, 2, 4);
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }
    }
}
