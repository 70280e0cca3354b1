using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>
/// tests/AspNetCoreApp built once for the whole run (JIT, as <c>dotnet run</c> builds it) into a folder of its own, so
/// that the Lambda publish's clean of the project cannot take it away: for Kestrel and for the host-generics capture.
/// </summary>
internal static class BuiltAspNetCoreApp
{
    private static readonly Lazy<Task<string>> Build = new(BuildAsync);

    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), $"ls-aspnetcore-jit-{Guid.NewGuid():N}");

    /// <summary>The built app's <c>bootstrap.dll</c>.</summary>
    public static Task<string> GetAsync() => Build.Value;

    private static async Task<string> BuildAsync()
    {
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
            var (exitCode, output) = await ProcessRunner.RunAsync("dotnet", ["build", "tests/AspNetCoreApp", "-c", "Release", "-o", Directory, "-v", "quiet", "-nologo"], timeout: TimeSpan.FromMinutes(5));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"dotnet build tests/AspNetCoreApp failed with {exitCode}:\n{output}");
            }
            return Path.Combine(Directory, "bootstrap.dll");
        }
        finally
        {
            PublishLock.Gate.Release();
        }
    }
}
