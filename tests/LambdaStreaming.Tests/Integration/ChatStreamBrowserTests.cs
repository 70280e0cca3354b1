using LambdaStreaming.Tests.Browser;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// <c>samples/ChatStream</c>'s page in a real browser (Debian's Chromium, driven by Playwright): its <c>fetch</c> reads
/// the chat-completions stream and renders each token as it arrives.
/// </summary>
public sealed class ChatStreamBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>
{
    private const string CannedAnswer = "This is the stand-in model of the ChatStream sample: it streams a canned answer word by word, so you can watch tokens arrive.";

    [Fact]
    public async Task The_page_renders_the_answer_token_by_token_while_the_function_is_still_streaming()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("ChatStream"),
            environment: new Dictionary<string, string> { ["CHATSTREAM_STANDIN_DELAY_MS"] = "80" });
        var page = await chromium.Browser.NewPageAsync();
        await page.GotoAsync(emulator.HttpAddress.ToString());
        await page.WaitForSelectorAsync("#model option[value='standin']", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached, Timeout = 30_000 });

        await page.ClickAsync("#send");
        await page.WaitForFunctionAsync("document.getElementById('answer').textContent.length > 0", null, new() { Timeout = 30_000 });
        // The first words are on screen while the function is still producing the rest (about 1.8 s of them).
        var chatDoneWhileShown = emulator.Ledger.Completed.Any(IsTheChat);
        var shownEarly = await page.InnerTextAsync("#answer");
        await page.WaitForFunctionAsync("window.done === true", null, new() { Timeout = 30_000 });

        Assert.False(chatDoneWhileShown, "the chat invocation had already ended when its first token was on screen");
        // The page saw [DONE] before Lambda's acknowledgement of the report: wait for the ledger to have the chat.
        for (var completed = 1; !emulator.Ledger.Completed.Any(IsTheChat); completed++)
        {
            await emulator.Ledger.WaitForCompletedAsync(completed).WithGuard();
        }
        Assert.True(shownEarly.Length < CannedAnswer.Length, $"the page showed '{shownEarly}' at the first check");
        Assert.Equal(CannedAnswer, await page.InnerTextAsync("#answer"));
        var times = await page.EvaluateAsync<double[]>("window.tokenTimes");
        Assert.Equal(CannedAnswer.Split(' ').Length, times.Length);
        Assert.Equal("done", await page.InnerTextAsync("#status"));
        await page.CloseAsync();
    }

    private static bool IsTheChat(LambdaStreaming.Emulator.Ledger.InvocationRecord record) =>
        System.Text.Encoding.UTF8.GetString(record.Event.Span).Contains("\"rawPath\":\"/v1/chat/completions\"", StringComparison.Ordinal);
}
