namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>Locates the repository from the test binaries.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

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
