using System.Net.Http;
using LambdaStreaming.Emulator.Cli;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>
/// <c>--watch PROJECT</c>: the function runs under <c>dotnet watch</c>, so an edit made while it runs behind the
/// emulator is what the next request gets (applied by hot reload, or by a rebuild and restart).
/// </summary>
public sealed class WatchTests : IDisposable
{
    private static readonly TimeSpan Build = TimeSpan.FromMinutes(3);
    private readonly string _project = Directory.CreateTempSubdirectory("watch-tests-").FullName;

    [UnixFact]
    public async Task An_edit_to_a_running_function_is_what_the_next_request_gets()
    {
        var root = Repository.Root;
        await File.WriteAllTextAsync(Path.Combine(_project, "WatchedFunction.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(root, "src", "LambdaStreaming", "LambdaStreaming.csproj")}" />
              </ItemGroup>
            </Project>
            """);
        var program = Path.Combine(_project, "Program.cs");
        await File.WriteAllTextAsync(program, Handler("version 1"));

        var options = CommandLineParser.Parse(["--watch", _project, "--http", "127.0.0.1:0", "--runtime-api", "127.0.0.1:0"]).Options!;
        var functionOutput = new LineWatcher();
        options.FunctionOutput = functionOutput;
        options.Log = new LineWatcher();
        options.RecordInvocations = true;
        await using var emulator = await EmulatorHost.StartAsync(options).Within();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        Assert.Equal("version 1\n", await InvokeAsync(http, emulator).WaitAsync(Build));
        await File.WriteAllTextAsync(program, Handler("version 2"));
        await functionOutput.WaitForLineAsync(line => line.Contains("changes applied", StringComparison.Ordinal) || line.Contains("Restart", StringComparison.Ordinal))
            .WaitAsync(Build);

        Assert.Equal("version 2\n", await InvokeAsync(http, emulator).WaitAsync(Build));
        Assert.Equal("true", options.Environment["DOTNET_USE_POLLING_FILE_WATCHER"]);
        Assert.Equal(1, options.MaxEnvironments);
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private static string Handler(string text) => $$"""
        using LambdaStreaming;

        return await LambdaRuntime.RunAsync(async (request, response, context) =>
        {
            response.ContentType = "text/plain";
            await response.WriteAsync(System.Text.Encoding.UTF8.GetBytes("{{text}}\n"));
        });
        """;

    private static async Task<string> InvokeAsync(HttpClient http, EmulatorHost emulator)
    {
        using var response = await http.PostAsync(emulator.InvokeUri, new StringContent("{}"));
        return await response.Content.ReadAsStringAsync();
    }
}
