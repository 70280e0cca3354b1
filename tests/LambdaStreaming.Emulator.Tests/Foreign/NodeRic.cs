using System.Diagnostics;
using System.Text.Json;

namespace LambdaStreaming.Emulator.Tests.Foreign;

/// <summary>
/// AWS's official Node.js peers in <c>tests/NodeRic</c>: the runtime interface client (<c>aws-lambda-ric</c>) as a
/// function behind the emulator, and the AWS SDK for JavaScript (<c>@aws-sdk/client-lambda</c>) as its client.
/// </summary>
internal static class NodeRic
{
    /// <summary>The command that installs them; the test setup runs it.</summary>
    public const string SetupCommand = "npm ci --prefix tests/NodeRic --no-audit --no-fund";

    public static string Directory { get; } = Path.Combine(Support.Repository.Root, "tests", "NodeRic");

    /// <summary>The folder the RIC loads handlers from (its working directory, which the emulator's --task-root sets).</summary>
    public static string Functions => Path.Combine(Directory, "functions");

    /// <summary>The function command for a handler such as <c>handlers.streamThree</c>.</summary>
    public static string[] Command(string handler)
    {
        var ric = Path.Combine(Directory, "node_modules", ".bin", "aws-lambda-ric");
        return File.Exists(ric) ? [ric, handler] : throw new InvalidOperationException($"aws-lambda-ric is not installed: run `{SetupCommand}`.");
    }

    /// <summary>Runs <c>invoke.mjs</c>: the SDK's InvokeCommand (<paramref name="api"/> <c>invoke</c>) or InvokeWithResponseStreamCommand (<c>stream</c>).</summary>
    public static async Task<JsonElement> SdkAsync(Uri endpoint, string api, string payload = "{}")
    {
        var start = new ProcessStartInfo("node", [Path.Combine(Directory, "invoke.mjs"), endpoint.ToString().TrimEnd('/'), api, payload])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var text = await output;
        if (process.ExitCode != 0 || text.Length == 0)
        {
            throw new InvalidOperationException($"invoke.mjs {api} exited {process.ExitCode}: {await errors}{text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
