using System.Net;
using System.Text;
using System.Text.Json;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>
/// The parts of the Extensions API a graceful shutdown needs, and Lambda's Shutdown phase: SIGTERM, then SIGKILL after
/// 500 ms (internal extensions) or 2,000 ms (external ones), only when an extension registered; SIGKILL at once otherwise.
/// </summary>
public sealed class ExtensionsApiTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("extensions-tests-").FullName;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task Register_hands_out_an_identifier_that_event_next_takes()
    {
        await using var emulator = await TestEmulator.StartAsync(options => options.Handler = "index.handler");
        using var registered = await RegisterAsync(emulator, "my-extension", """{"events":["SHUTDOWN"]}""");

        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var identifier = registered.Headers.GetValues("Lambda-Extension-Identifier").Single();
        Assert.True(Guid.TryParse(identifier, out _));
        using var info = JsonDocument.Parse(await registered.Content.ReadAsStringAsync());
        Assert.Equal("function", info.RootElement.GetProperty("functionName").GetString());
        Assert.Equal("$LATEST", info.RootElement.GetProperty("functionVersion").GetString());
        Assert.Equal("index.handler", info.RootElement.GetProperty("handler").GetString());

        using var unknown = await EventNextAsync(emulator, Guid.NewGuid().ToString()).Within();
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);

    }

    [Theory]
    [InlineData(null, """{"events":[]}""")]
    [InlineData("ext", "not json")]
    [InlineData("ext", """{"events":["SOMETHING"]}""")]
    [InlineData("ext", """{"noEvents":true}""")]
    public async Task A_malformed_registration_is_refused_with_400(string? name, string body)
    {
        await using var emulator = await TestEmulator.StartAsync();
        using var response = await RegisterAsync(emulator, name, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Registration_after_the_runtime_s_first_next_is_refused()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();

        using var late = await RegisterAsync(emulator, "late", """{"events":[]}""");
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        await emulator.Function.PostResponseAsync(next.RequestId, "ok").Within();
        using var response = await invoke.Within();
    }

    [UnixTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task At_shutdown_a_function_with_an_extension_gets_SIGTERM_and_one_without_is_killed(bool register)
    {
        var output = Path.Combine(_directory, "signals.txt");
        var emulator = await TestEmulator.StartAsync(options => UseShutdownFunction(options, output, register, events: "[]"));
        await emulator.Ledger.WaitForNextRequestsAsync(1).Within();

        await emulator.DisposeAsync().AsTask().Within();

        var exit = Assert.Single(emulator.Ledger.ProcessExits);
        Assert.True(exit.KilledByEmulator);
        var lines = await File.ReadAllLinesAsync(output);
        if (register)
        {
            Assert.Contains("term", lines);
            Assert.Equal(0, exit.ExitCode);
            Assert.Matches(@"exited \d+ ms after SIGTERM \(spindown; an extension registered, grace 500 ms\)", emulator.Log);
        }
        else
        {
            Assert.DoesNotContain("term", lines);
            Assert.Equal(137, exit.ExitCode);
        }
    }

    [UnixFact]
    public async Task A_timeout_retires_the_environment_with_SIGTERM_when_an_extension_registered()
    {
        var output = Path.Combine(_directory, "signals.txt");
        await using var emulator = await TestEmulator.StartAsync(options =>
        {
            UseShutdownFunction(options, output, register: true, events: "[]");
            options.Timeout = TimeSpan.FromMilliseconds(300);
        });

        using var response = await emulator.InvokeAsync("{}").Within();
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());

        var exit = (await emulator.Ledger.WaitForProcessExitsAsync(1).Within()).Single();
        Assert.Equal(0, exit.ExitCode);
        Assert.True(exit.KilledByEmulator);
        Assert.Contains("term", await File.ReadAllLinesAsync(output));
    }

    [UnixFact]
    public async Task An_external_extension_gets_the_SHUTDOWN_event_and_the_2000_ms_grace()
    {
        var output = Path.Combine(_directory, "signals.txt");
        var emulator = await TestEmulator.StartAsync(options => UseShutdownFunction(options, output, register: true, events: """["SHUTDOWN"]"""));
        await emulator.Ledger.WaitForNextRequestsAsync(1).Within();

        await emulator.DisposeAsync().AsTask().Within();

        var lines = await File.ReadAllLinesAsync(output);
        var shutdown = lines.Single(line => line.StartsWith('{'));
        using var shutdownEvent = JsonDocument.Parse(shutdown);
        Assert.Equal("SHUTDOWN", shutdownEvent.RootElement.GetProperty("eventType").GetString());
        Assert.Equal("spindown", shutdownEvent.RootElement.GetProperty("shutdownReason").GetString());
        Assert.True(shutdownEvent.RootElement.GetProperty("deadlineMs").GetInt64() > DateTimeOffset.UtcNow.AddSeconds(-10).ToUnixTimeMilliseconds());
        Assert.Contains("term", lines);
        Assert.Contains("grace 2000 ms", emulator.Log);
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>
    /// A bash function that optionally registers an extension (holding its event/next open), polls next, and at
    /// SIGTERM records the event its extension got and the signal in <paramref name="output"/>, then exits 0.
    /// </summary>
    private static void UseShutdownFunction(EmulatorOptions options, string output, bool register, string events)
    {
        var body = $$"""{"events":{{events}}}""";
        var script =
            "api=${AWS_LAMBDA_RUNTIME_API}; host=${api%:*}; port=${api#*:}; " +
            // At SIGTERM: the event the extension's poll got, if any (Lambda sends SHUTDOWN before the signal), then exit 0.
            "on_term() { if [ -n \"$ext\" ]; then " +
            "while IFS= read -r line <&6; do line=${line%$'\\r'}; case $line in Content-Length:*) n=${line#*: };; '') break;; esac; done; " +
            "[ -n \"$n\" ] && IFS= read -r -N $n event <&6 && echo \"$event\" >> \"$OUT\"; fi; " +
            "echo term >> \"$OUT\"; kill $sleeper; exit 0; }; " +
            "sleep 60 & sleeper=$!; trap on_term TERM; " +
            (register
                ? "exec 3<>/dev/tcp/$host/$port; " +
                  $"printf 'POST /2020-01-01/extension/register HTTP/1.1\\r\\nHost: x\\r\\nLambda-Extension-Name: test-extension\\r\\nContent-Type: application/json\\r\\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\\r\\n\\r\\n%s' '{body}' >&3; " +
                  "while IFS= read -r line <&3; do line=${line%$'\\r'}; case $line in Lambda-Extension-Identifier:*) ext=${line#*: };; '') break;; esac; done; " +
                  "exec 6<>/dev/tcp/$host/$port; printf \"GET /2020-01-01/extension/event/next HTTP/1.1\\r\\nHost: x\\r\\nLambda-Extension-Identifier: $ext\\r\\n\\r\\n\" >&6; "
                : "") +
            "exec 4<>/dev/tcp/$host/$port; printf 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' >&4; " +
            "echo ready >> \"$OUT\"; wait $sleeper";
        options.FunctionCommand = ["/bin/bash", "-c", script];
        options.Environment["OUT"] = output;
    }

    private Task<HttpResponseMessage> RegisterAsync(TestEmulator emulator, string? name, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://{emulator.Host.RuntimeApiAddress}/2020-01-01/extension/register")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (name is not null)
        {
            request.Headers.Add("Lambda-Extension-Name", name);
        }
        return _http.SendAsync(request).Within();
    }

    private Task<HttpResponseMessage> EventNextAsync(TestEmulator emulator, string identifier)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://{emulator.Host.RuntimeApiAddress}/2020-01-01/extension/event/next");
        request.Headers.Add("Lambda-Extension-Identifier", identifier);
        return _http.SendAsync(request);
    }
}
