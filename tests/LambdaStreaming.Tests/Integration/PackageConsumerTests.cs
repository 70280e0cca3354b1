using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using LambdaStreaming.Emulator;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// The packed LambdaStreaming package, consumed the way users will: a fresh function project that references it
/// from a feed and runs `dotnet publish -c Release -r linux-x64`, with no AOT settings of its own.
/// </summary>
public sealed class PackageConsumerTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ls-consumer-{Guid.NewGuid():N}");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The README's "Using the package" steps, run as written (its marked shell block, then its program and its
    /// publish line) in a home of their own with an empty NuGet cache, so nothing this machine already has can help.
    /// </summary>
    [Fact]
    public async Task The_README_s_package_steps_work_from_an_empty_cache_and_give_a_warning_free_bootstrap_that_streams()
    {
        Prerequisites.RequireAotToolchain("x64");
        Prerequisites.RequireAotToolchain("arm64");
        var readme = await File.ReadAllTextAsync(RepositoryPaths.Combine("README.md"));
        var steps = MarkedBlock(readme, "package-steps", "sh");
        var program = MarkedBlock(readme, "package-program", "csharp");
        var home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["NUGET_PACKAGES"] = Directory.CreateDirectory(Path.Combine(_root, "nuget-packages")).FullName,
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        var project = Path.Combine(home, "MyFunction");

        // The steps start at the repository's root: a clone of it (what is committed), so that their pack and restore,
        // with the empty cache, leave this working tree's build output alone.
        var clone = Path.Combine(_root, "repository");
        var (cloneExit, cloneOutput) = await ProcessRunner.RunAsync("git", ["clone", "-q", RepositoryPaths.Root, clone]);
        Assert.True(cloneExit == 0, cloneOutput);

        int exit;
        string output;
        // In a clone, a home and a NuGet cache of its own: nothing here writes what other tests build, so no PublishLock.
        (exit, output) = await ProcessRunner.RunAsync("bash", ["-euo", "pipefail", "-c", steps], clone, environment: environment, timeout: TimeSpan.FromMinutes(8));
        Assert.True(exit == 0, $"the README's package steps failed:\n{output}");
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), program);

        // A publish without -r says how to get the Lambda build.
        (exit, output) = await ProcessRunner.RunAsync("dotnet", ["publish", "-c", "Release"], project, environment: environment);
        Assert.True(exit == 0, output);
        Assert.Contains("LambdaStreaming: this publish made no bootstrap or function.zip; for provided.al2023 publish with a Linux runtime: dotnet publish -c Release -r linux-x64", output);

        // Without PublishAot in the project: one line that says so (not NETSDK1112 from an empty cache).
        var withoutAot = Directory.CreateDirectory(Path.Combine(home, "NoAot")).FullName;
        File.Copy(Path.Combine(project, "nuget.config"), Path.Combine(withoutAot, "nuget.config"));
        File.Copy(Path.Combine(project, "Program.cs"), Path.Combine(withoutAot, "Program.cs"));
        await File.WriteAllTextAsync(Path.Combine(withoutAot, "NoAot.csproj"),
            (await File.ReadAllTextAsync(Path.Combine(project, "MyFunction.csproj"))).Replace("<PublishAot>true</PublishAot>", "", StringComparison.Ordinal));
        var (noAotExit, noAotOutput) = await ProcessRunner.RunAsync("dotnet", ["publish", "-c", "Release", "-r", "linux-x64"], withoutAot, environment: environment);
        Assert.NotEqual(0, noAotExit);
        Assert.Contains("error : LambdaStreaming: add <PublishAot>true</PublishAot> to NoAot.csproj (dotnet new console --aot does)", noAotOutput);
        Assert.DoesNotContain("NETSDK1112", noAotOutput);

        (exit, output) = await ProcessRunner.RunAsync("dotnet", ["publish", "-c", "Release", "-r", "linux-x64"], project, environment: environment, timeout: TimeSpan.FromMinutes(8));

        var publishDirectory = WarningFreePublishDirectory(exit, output, project);
        var bootstrap = Path.Combine(publishDirectory, "bootstrap");
        // No ASP.NET Core host, so no list of its generic types for ILC (it names types this app does not have).
        Assert.DoesNotContain("--rdxml:", await File.ReadAllTextAsync(IlcResponseFile(project)));
        Assert.True(File.Exists(bootstrap), output);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(bootstrap).HasFlag(UnixFileMode.UserExecute));
        }

        Assert.False(File.Exists(Path.Combine(publishDirectory, "bootstrap.dll")), "a Native AOT publish leaves no IL assembly");
        using (var zip = ZipFile.OpenRead(Path.Combine(publishDirectory, "function.zip")))
        {
            var entry = Assert.Single(zip.Entries);
            Assert.Equal("bootstrap", entry.FullName);
            Assert.Equal(0x81ED, (entry.ExternalAttributes >> 16) & 0xFFFF);
        }

        await AssertTicksStreamAsync([bootstrap]);

        // Graviton: the same project through the deployment script, which passes `-r linux-arm64` to a package consumer.
        (exit, output) = await ProcessRunner.RunAsync("bash", ["bootstrap/package.sh", project, Path.Combine(_root, "arm64"), "--arch", "arm64"], clone, environment: environment, timeout: TimeSpan.FromMinutes(8));

        Assert.True(exit == 0, output);
        Assert.Contains("bootstrap (AArch64,", output);
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(Path.Combine(_root, "arm64", "function.zip")), output);
        await AssertTicksStreamAsync(QemuArm64.Command(Path.Combine(_root, "arm64", "bootstrap")));

        await AssertAspNetCoreStepsWorkAsync(readme, clone, home, environment);
    }

    /// <summary>
    /// The README's ASP.NET Core steps, after the others (same feed, same cache): the Native AOT web API template with
    /// the host, published with `dotnet publish -r linux-x64` alone, streams its events from the unpacked zip.
    /// </summary>
    private async Task AssertAspNetCoreStepsWorkAsync(string readme, string clone, string home, Dictionary<string, string> environment)
    {
        var steps = MarkedBlock(readme, "package-aspnetcore-steps", "sh");
        var program = MarkedBlock(readme, "package-aspnetcore-program", "csharp");
        var project = Path.Combine(home, "MyWebFunction");
        int exit;
        string output;
        (exit, output) = await ProcessRunner.RunAsync("bash", ["-euo", "pipefail", "-c", steps], clone, environment: environment, timeout: TimeSpan.FromMinutes(8));
        Assert.True(exit == 0, $"the README's ASP.NET Core steps failed:\n{output}");
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), program);
        (exit, output) = await ProcessRunner.RunAsync("dotnet", ["publish", "-c", "Release", "-r", "linux-x64"], project, environment: environment, timeout: TimeSpan.FromMinutes(8));

        var publishDirectory = WarningFreePublishDirectory(exit, output, project);
        var bootstrap = await File.ReadAllBytesAsync(Path.Combine(publishDirectory, "bootstrap"));
        // The host's generic types reached ILC from the package's buildTransitive folder (about 40 % of its cold start).
        Assert.Contains($"--rdxml:{Path.Combine(environment["NUGET_PACKAGES"], "lambdastreaming.aspnetcore")}", await File.ReadAllTextAsync(IlcResponseFile(project)));
        // The package's targets left Kestrel out (the issue's bound: under half of AWS's host, 16.8 MB).
        Assert.Equal(-1, bootstrap.AsSpan().IndexOf("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServer"u8));
        Assert.True(bootstrap.Length < 8_400_000, $"bootstrap is {bootstrap.Length:N0} B");

        // Lambda unpacks the zip into the task root and starts the bootstrap there: so does this test.
        var taskRoot = Directory.CreateDirectory(Path.Combine(_root, "web-task-root")).FullName;
        using (var zip = ZipFile.OpenRead(Path.Combine(publishDirectory, "function.zip")))
        {
            var names = zip.Entries.Select(entry => entry.FullName).ToList();
            Assert.Contains("bootstrap", names);
            Assert.Contains("appsettings.json", names);
            Assert.DoesNotContain(names, name => name.EndsWith(".dbg", StringComparison.Ordinal));
            Assert.Equal(0x81ED, (zip.GetEntry("bootstrap")!.ExternalAttributes >> 16) & 0xFFFF);
            zip.ExtractToDirectory(taskRoot);
        }

        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            FunctionCommand = [Path.Combine(taskRoot, "bootstrap")],
            TaskRoot = taskRoot,
            Timeout = TimeSpan.FromSeconds(30),
            Log = TextWriter.Null,
        });
        await AssertFiveTicksStreamAsync(emulator, "ticks", i => $"tick {i}");
    }

    // What the publish handed the Native AOT compiler.
    private static string IlcResponseFile(string project) => Path.Combine(project, "obj", "Release", "net10.0", "linux-x64", "native", "bootstrap.ilc.rsp");

    private static string WarningFreePublishDirectory(int exit, string output, string project)
    {
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
        return Path.Combine(project, "bin", "Release", "net10.0", "linux-x64", "publish");
    }

    // The README's program streams five tick events 500 ms apart through the Function URL front.
    private static async Task AssertTicksStreamAsync(string[] function)
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: function);
        await AssertFiveTicksStreamAsync(emulator, "hello", i => $"tick {i} for /hello");
    }

    private static async Task AssertFiveTicksStreamAsync(EmulatorHost emulator, string path, Func<int, string> data)
    {
        using var reply = await emulator.StreamAsync(Http, path);
        Assert.Equal("text/event-stream", reply.Content.Headers.ContentType?.MediaType);
        var ticks = new List<string>();
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(await reply.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            ticks.Add($"{item.EventType} {item.EventId} {item.Data}");
        }
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"tick {i} {data(i)}"), ticks);
        var record = await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard();
        Assert.Equal(InvocationOutcome.Response, record.Outcome);
        Assert.True(record.Duration - record.TimeToFirstByte >= TimeSpan.FromSeconds(1), "streamed, not buffered");
    }

    /// <summary>The fenced block of <paramref name="language"/> right after <c>&lt;!-- tested: name --&gt;</c> in the README.</summary>
    private static string MarkedBlock(string readme, string name, string language)
    {
        var marker = readme.IndexOf($"<!-- tested: {name} -->", StringComparison.Ordinal);
        Assert.True(marker >= 0, $"the README has no <!-- tested: {name} --> block");
        var start = readme.IndexOf($"```{language}\n", marker, StringComparison.Ordinal) + language.Length + 4;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    [Fact]
    public async Task The_emulator_installs_as_a_dotnet_tool_and_runs()
    {
        var version = $"0.0.0-test.{Guid.NewGuid():N}";
        var feed = Path.Combine(_root, "tool-feed");
        var tools = Path.Combine(_root, "tools");
        int packExit;
        string packOutput;
        await PublishLock.Gate.WaitAsync();
        try
        {
            (packExit, packOutput) = await ProcessRunner.RunAsync("dotnet",
                ["pack", "src/LambdaStreaming.Emulator", "-c", "Release", "-o", feed, $"-p:Version={version}", "--artifacts-path", Path.Combine(_root, "artifacts")]);
        }
        finally
        {
            PublishLock.Gate.Release();
        }

        Assert.True(packExit == 0, packOutput);
        var (installExit, installOutput) = await ProcessRunner.RunAsync("dotnet",
            ["tool", "install", "LambdaStreaming.Emulator", "--tool-path", tools, "--add-source", feed, "--version", version]);
        Assert.True(installExit == 0, installOutput);

        var (exit, output) = await ProcessRunner.RunAsync(Path.Combine(tools, "lambda-streaming-emulator"), ["--help"]);
        Assert.Equal(0, exit);
        Assert.StartsWith("Usage: lambda-streaming-emulator [options] -- <function command and args>", output);
    }
}
