using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// A sample packaged once per test class by <c>bootstrap/package.sh</c>: the real Native AOT <c>bootstrap</c> and
/// <c>function.zip</c> that would be deployed.
/// </summary>
public abstract class PackagedSample(string sampleDirectory, string architecture = "x64") : IAsyncLifetime
{

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"ls-package-{Guid.NewGuid():N}");

    public string Bootstrap => Path.Combine(Directory, "bootstrap");

    public string Zip => Path.Combine(Directory, "function.zip");

    public string PackageOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        int exitCode;
        string output;
        await PublishLock.Gate.WaitAsync();
        try
        {
            (exitCode, output) = await ProcessRunner.RunAsync("bash", ["bootstrap/package.sh", sampleDirectory, Directory, "--arch", architecture]);
        }
        finally
        {
            PublishLock.Gate.Release();
        }

        PackageOutput = output;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"package.sh {sampleDirectory} --arch {architecture} failed with {exitCode}:\n{output}");
        }
    }

    public Task DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
