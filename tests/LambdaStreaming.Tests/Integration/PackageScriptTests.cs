using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary><c>bootstrap/package.sh</c> refuses builds that would not be safe to deploy.</summary>
public sealed class PackageScriptTests
{
    [Fact]
    public async Task Refuses_a_project_whose_AOT_build_has_warnings()
    {
        var project = CreateProject("""
            System.Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { reflection = true }));
            """, "");
        var (exitCode, output) = await ProcessRunner.RunAsync("bash", ["bootstrap/package.sh", project, Path.Combine(project, "out")]);

        Assert.Equal(1, exitCode);
        Assert.Contains("the build reported warnings", output);
        Assert.False(File.Exists(Path.Combine(project, "out", "function.zip")));
    }

    [Fact]
    public async Task Refuses_a_binary_that_needs_a_glibc_newer_than_2_34()
    {
        // arc4random arrived in glibc 2.36; a direct P/Invoke binds it at link time, so the binary requires it.
        var project = CreateProject("""
            System.Console.WriteLine(Native.arc4random());
            static partial class Native
            {
                [System.Runtime.InteropServices.LibraryImport("libc")]
                internal static partial uint arc4random();
            }
            """, """<ItemGroup><DirectPInvoke Include="libc" /></ItemGroup>""");
        var (exitCode, output) = await ProcessRunner.RunAsync("bash", ["bootstrap/package.sh", project, Path.Combine(project, "out")]);

        Assert.Equal(1, exitCode);
        Assert.Contains("needs GLIBC_2.", output);
        Assert.Contains("newer than provided.al2023's 2.34", output);
    }

    [Fact]
    public async Task Explains_its_usage_when_arguments_are_missing()
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("bash", ["bootstrap/package.sh", "samples/ChunkedText"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: bootstrap/package.sh <function-project-dir> <out-dir>", output);
    }

    [Fact]
    public async Task Refuses_an_architecture_Lambda_does_not_run()
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("bash", ["bootstrap/package.sh", "samples/ChunkedText", "/tmp/unused", "--arch", "x86"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--arch must be x64 or arm64, not 'x86'", output);
    }

    private static string CreateProject(string program, string extraItems)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ls-pkgtest-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        File.WriteAllText(Path.Combine(directory, "Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <AssemblyName>bootstrap</AssemblyName>
                <PublishAot>true</PublishAot>
              </PropertyGroup>
              {extraItems}
            </Project>
            """);
        return directory;
    }
}
