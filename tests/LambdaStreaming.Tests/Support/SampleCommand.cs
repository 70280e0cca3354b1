namespace LambdaStreaming.Tests.Support;

/// <summary>The command that runs a sample's JIT build (built with the tests), for the emulator to spawn.</summary>
internal static class SampleCommand
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static IReadOnlyList<string> For(string sample)
    {
        var assembly = RepositoryPaths.Combine("samples", sample, "bin", Configuration, "net10.0", "bootstrap.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing: the test project must build samples/{sample} (a ProjectReference without its output).");
        }

        return ["dotnet", assembly];
    }
}
