namespace LambdaStreaming.Tests.Support;

/// <summary>Locates the repository from the test binaries, for tests that build samples or run scripts.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LambdaStreaming.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No LambdaStreaming.sln above {AppContext.BaseDirectory}.");
    }
}
