namespace LambdaStreaming.Tests.Browser;

/// <summary>
/// The SSE clock page (samples/SseClock, samples/AspNetCoreSse) in a real browser: three updates made 500 ms apart
/// must reach the screen spread over about a second, after the welcome, and the page must see the stream end.
/// </summary>
internal static class ClockPageCheck
{
    public static async Task AssertRendersLiveAsync(HeadlessChromium chromium, Uri functionAddress)
    {
        var page = await chromium.Browser.NewPageAsync();
        await page.AddInitScriptAsync(RenderTimes.RecordScript);
        await page.GotoAsync(new Uri(functionAddress, "?count=3&intervalMs=500").ToString());

        await page.WaitForSelectorAsync("#events li[data-id='3']", new() { Timeout = 30_000 });
        // A buffered response would put the updates on screen together. Half of the spread leaves room for a stall.
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
}
