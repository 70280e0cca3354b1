using System.Diagnostics;
using System.IO.Compression;
using System.Text;
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

    [Fact]
    public async Task A_fresh_project_referencing_the_package_publishes_a_warning_free_bootstrap_and_zip_that_streams()
    {
        // A version of its own, so no earlier run's package in the NuGet cache can stand in for this one.
        var version = $"0.0.0-test.{Guid.NewGuid():N}";
        var feed = Path.Combine(_root, "feed");
        var project = Path.Combine(_root, "MyFunction");
        Directory.CreateDirectory(project);
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "MyFunction.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LambdaStreaming" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), """
            using LambdaStreaming;

            return await LambdaRuntime.RunAsync(async (request, response, context) =>
            {
                response.ContentType = "text/plain";
                await response.WriteAsync("hello "u8.ToArray());
                await response.WriteAsync("from a package\n"u8.ToArray());
            });
            """);

        int packExit, publishExit;
        string packOutput, publishOutput;
        await PublishLock.Gate.WaitAsync();
        try
        {
            (packExit, packOutput) = await ProcessRunner.RunAsync("dotnet",
                ["pack", "src/LambdaStreaming", "-c", "Release", "-o", feed, $"-p:Version={version}", "--artifacts-path", Path.Combine(_root, "artifacts")]);
            Assert.True(packExit == 0, packOutput);
            (publishExit, publishOutput) = await ProcessRunner.RunAsync("dotnet", ["publish", "-c", "Release", "-r", "linux-x64", "-o", "out"], project);
        }
        finally
        {
            PublishLock.Gate.Release();
        }

        Assert.True(publishExit == 0, publishOutput);
        Assert.DoesNotContain("warning", publishOutput, StringComparison.OrdinalIgnoreCase);
        var bootstrap = Path.Combine(project, "out", "bootstrap");
        Assert.True(File.Exists(bootstrap), publishOutput);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(bootstrap).HasFlag(UnixFileMode.UserExecute));
        }

        Assert.False(File.Exists(Path.Combine(project, "out", "bootstrap.dll")), "a Native AOT publish leaves no IL assembly");
        using (var zip = ZipFile.OpenRead(Path.Combine(project, "out", "function.zip")))
        {
            var entry = Assert.Single(zip.Entries);
            Assert.Equal("bootstrap", entry.FullName);
            Assert.Equal(0x81ED, (entry.ExternalAttributes >> 16) & 0xFFFF);
        }

        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: [bootstrap]);
        using var reply = await emulator.InvokeAsync(Http);
        Assert.Equal("hello from a package\n", await reply.Content.ReadAsStringAsync());
        Assert.Equal(InvocationOutcome.Response, (await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard()).Outcome);
        var chunks = (await emulator.Ledger.WaitForOutcomeAsync(reply.RequestId())).ReportHeaders["Transfer-Encoding"];
        Assert.Equal("chunked", chunks);

        // Graviton: the same project through the deployment script, which passes `-r linux-arm64` to a package consumer.
        int armExit;
        string armOutput;
        await PublishLock.Gate.WaitAsync();
        try
        {
            (armExit, armOutput) = await ProcessRunner.RunAsync("bash", ["bootstrap/package.sh", project, Path.Combine(_root, "arm64"), "--arch", "arm64"]);
        }
        finally
        {
            PublishLock.Gate.Release();
        }

        Assert.True(armExit == 0, armOutput);
        Assert.Contains("bootstrap (AArch64,", armOutput);
        Assert.DoesNotContain("warning", armOutput, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(Path.Combine(_root, "arm64", "function.zip")), armOutput);
        await using var armEmulator = await EmulatorFixture.StartAsync(
            functionCommand: QemuArm64.Command(Path.Combine(_root, "arm64", "bootstrap")));
        using var armReply = await armEmulator.InvokeAsync(Http);
        Assert.Equal("hello from a package\n", await armReply.Content.ReadAsStringAsync());
        Assert.Equal(InvocationOutcome.Response, (await armEmulator.Ledger.WaitForOutcomeAsync(armReply.RequestId()).WithGuard()).Outcome);
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
