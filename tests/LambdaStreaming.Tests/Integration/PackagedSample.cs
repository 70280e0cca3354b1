using System.IO.Compression;
using System.Text.RegularExpressions;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// A sample packaged once per test class by <c>bootstrap/package.sh</c>: the real Native AOT <c>bootstrap</c> and
/// <c>function.zip</c> that would be deployed.
/// </summary>
public abstract partial class PackagedSample(string sampleDirectory, string architecture = "x64") : IAsyncLifetime
{

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"ls-package-{Guid.NewGuid():N}");

    public string Bootstrap => Path.Combine(Directory, "bootstrap");

    public string Zip => Path.Combine(Directory, "function.zip");

    public string PackageOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Prerequisites.RequireAotToolchain(architecture);
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

    /// <summary>The names of the zip's entries.</summary>
    public IReadOnlyList<string> ZipEntryNames()
    {
        using var zip = ZipFile.OpenRead(Zip);
        return [.. zip.Entries.Select(entry => entry.FullName)];
    }

    /// <summary>The zip's <c>bootstrap</c> entry, at the root: its Unix mode and its bytes. The zip holds no debug symbols.</summary>
    public (int UnixMode, byte[] Content) ZippedBootstrap()
    {
        using var zip = ZipFile.OpenRead(Zip);
        Assert.DoesNotContain(zip.Entries, candidate => candidate.FullName.EndsWith(".dbg", StringComparison.Ordinal) || candidate.FullName.EndsWith(".pdb", StringComparison.Ordinal));
        var entry = Assert.Single(zip.Entries, candidate => candidate.FullName == "bootstrap");
        using var content = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(content);
        }

        return ((entry.ExternalAttributes >> 16) & 0xFFFF, content.ToArray());
    }

    /// <summary>The newest <c>GLIBC_</c> symbol version the bootstrap binds to, read with <c>objdump -T</c>.</summary>
    public async Task<Version> NewestGlibcNeededAsync()
    {
        var (exitCode, output) = await ProcessRunner.RunAsync("objdump", ["-T", Bootstrap]);
        Assert.True(exitCode == 0, output);
        var versions = GlibcVersion().Matches(output)
            .Select(m => new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)))
            .ToList();
        Assert.NotEmpty(versions);
        return versions.Max()!;
    }

    public Task DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [GeneratedRegex(@"GLIBC_(\d+)\.(\d+)")]
    private static partial Regex GlibcVersion();
}
