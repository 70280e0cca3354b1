using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>The test app (tests/AspNetCoreApp), built with the tests, as a command: JIT, for Kestrel and the emulator alike.</summary>
internal static class AspNetCoreAppCommand
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string[] Jit()
    {
        var assembly = RepositoryPaths.Combine("tests", "AspNetCoreApp", "bin", Configuration, "net10.0", "bootstrap.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing: the test project builds tests/AspNetCoreApp (a ProjectReference without its output).");
        }
        return ["dotnet", assembly];
    }
}
