using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// <c>samples/ChunkedText</c> packaged once per test run by <c>bootstrap/package.sh</c>: the real Native AOT
/// <c>bootstrap</c> and <c>function.zip</c> that would be deployed.
/// </summary>
public sealed class PackagedBootstrap : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"ls-package-{Guid.NewGuid():N}");

    public string Bootstrap => Path.Combine(Directory, "bootstrap");

    public string Zip => Path.Combine(Directory, "function.zip");

    public string PackageOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("bash", ["bootstrap/package.sh", "samples/ChunkedText", Directory]);
        PackageOutput = output;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"package.sh failed with {exitCode}:\n{output}");
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}
