using System.Diagnostics;
using System.Text;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// SIGTERM, as Lambda sends it when it shuts an environment down, to the AOT <c>bootstrap</c> of
/// <c>samples/ChunkedText</c> running as a real process: the invocation in flight still ends well, then exit 0.
/// </summary>
[Collection(ChunkedTextAotCollection.Name)]
public sealed class SigtermTests(PackagedBootstrap package)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Sigterm_mid_invocation_lets_it_finish_flushes_the_log_and_exits_0()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var function = Start(package.Bootstrap, emulator.RuntimeApiAddress);
        var log = function.StandardOutput.ReadToEndAsync();

        using var reply = await emulator.StreamAsync(Http);
        var outcome = emulator.Ledger.WaitForOutcomeAsync(reply.RequestId());
        await using var body = await reply.Content.ReadAsStreamAsync();
        var first = new byte[4];
        await body.ReadExactlyAsync(first).AsTask().WithGuard();
        Assert.Equal("foo\n", Encoding.ASCII.GetString(first));

        // The handler is between its first and second line now.
        await SendSigtermAsync(function);
        using var rest = new MemoryStream();
        await body.CopyToAsync(rest).WithGuard();
        await function.WaitForExitAsync().WithGuard();

        Assert.Equal("bar\nbaz\n", Encoding.ASCII.GetString(rest.ToArray()));
        Assert.Equal(InvocationOutcome.Response, (await outcome.WithGuard()).Outcome);
        Assert.Single(emulator.Ledger.Completed);
        Assert.Equal(0, function.ExitCode);
        Assert.Contains("SIGTERM", await log.WithGuard());
    }

    [Fact]
    public async Task Sigterm_while_waiting_for_an_invocation_exits_0_at_once()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var function = Start(package.Bootstrap, emulator.RuntimeApiAddress);
        var log = function.StandardOutput.ReadToEndAsync();
        await emulator.Ledger.WaitForNextRequestsAsync(1).WithGuard();

        await SendSigtermAsync(function);
        await function.WaitForExitAsync().WithGuard();

        Assert.Equal(0, function.ExitCode);
        Assert.Empty(emulator.Ledger.Completed);
        Assert.Contains("SIGTERM", await log.WithGuard());
    }

    [Fact]
    public async Task The_emulator_s_shutdown_reaches_the_bootstrap_as_SIGTERM_because_it_registered_an_extension()
    {
        var log = new StringWriter();
        var emulator = await Emulator.EmulatorHost.StartAsync(new Emulator.EmulatorOptions
        {
            RuntimeApiEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0),
            HttpEndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0),
            FunctionCommand = [package.Bootstrap],
            Log = TextWriter.Synchronized(log),
        });
        await emulator.Ledger.WaitForNextRequestsAsync(1).WithGuard();

        await emulator.DisposeAsync().AsTask().WithGuard();

        var exit = Assert.Single(emulator.Ledger.ProcessExits);
        Assert.Equal(0, exit.ExitCode);
        Assert.Contains("extension registered: lambda-streaming-shutdown events=[] (internal)", log.ToString());
        Assert.Matches(@"exited \d+ ms after SIGTERM \(spindown; an extension registered, grace 500 ms\)", log.ToString());
    }

    private static Process Start(string bootstrap, string runtimeApi) =>
        Process.Start(new ProcessStartInfo(bootstrap)
        {
            RedirectStandardOutput = true,
            Environment = { ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi },
        })!;

    private static async Task SendSigtermAsync(Process process)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.True(exitCode == 0, output);
    }
}
