using System.Diagnostics;

namespace LambdaStreaming.EndToEnd;

/// <summary>Publishes a benchmark project with Native AOT (the settings of bootstrap/Bootstrap.props) into artifacts/.</summary>
internal static class AotPublisher
{
    public static async Task<string> PublishAsync(string repositoryRoot, string project, string binaryName)
    {
        var output = Path.Combine(repositoryRoot, "artifacts", "bench", Path.GetFileNameWithoutExtension(project));
        Console.Error.WriteLine($"publishing {project} (Native AOT)...");
        var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(repositoryRoot, project), "-c", "Release", "-r", "linux-x64", "-o", output, "-v", "quiet", "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(start)!;
        var log = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed:\n{await log}{await errors}");
        }

        return Path.Combine(output, binaryName);
    }

    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LambdaStreaming.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the harness from inside the repository.");
    }
}
