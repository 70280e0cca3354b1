using Microsoft.Playwright;

namespace LambdaStreaming.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright, shared by the browser tests of a run. Playwright's own browser download
/// is not used: the machine's <c>/usr/bin/chromium</c> is, which <c>tests/setup.sh</c> installs.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    private const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The browser; only valid after <see cref="InitializeAsync"/>.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("LAMBDA_STREAMING_CHROMIUM") ?? DefaultExecutable;
        Support.Prerequisites.RequireFile(executable, "Chromium (Debian's chromium package, or LAMBDA_STREAMING_CHROMIUM naming another)");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // The sandbox needs user namespaces CI containers rarely grant; the rest keeps Chromium off the network,
            // which is closed here and would otherwise be retried at every start.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
