using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>
/// tests/AspNetCoreApp published once for the whole run by <c>bootstrap/package.sh</c> (Native AOT, as deployed), for
/// every test that runs it on Lambda.
/// </summary>
internal static class PublishedAspNetCoreApp
{
    private static readonly Lazy<Task<(string Bootstrap, string Output)>> Publish = new(PublishAsync);

    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), $"ls-aspnetcore-{Guid.NewGuid():N}");

    /// <summary>The published <c>bootstrap</c>, and what package.sh printed making it.</summary>
    public static Task<(string Bootstrap, string Output)> GetAsync() => Publish.Value;

    private static async Task<(string Bootstrap, string Output)> PublishAsync()
    {
        Prerequisites.RequireAotToolchain("x64");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        };
        await PublishLock.Gate.WaitAsync();
        try
        {
            var (exitCode, output) = await ProcessRunner.RunAsync("bash", ["bootstrap/package.sh", "tests/AspNetCoreApp", Directory], timeout: TimeSpan.FromMinutes(10));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"package.sh tests/AspNetCoreApp failed with {exitCode}:\n{output}");
            }
            return (Path.Combine(Directory, "bootstrap"), output);
        }
        finally
        {
            PublishLock.Gate.Release();
        }
    }
}
