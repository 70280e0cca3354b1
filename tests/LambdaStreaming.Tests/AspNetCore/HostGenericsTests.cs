using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>
/// LambdaStreaming.AspNetCore.rd.xml has the Native AOT compiler build ahead of time the generic types dependency
/// injection closes while the host starts (otherwise the type loader builds them at run time: a third of the cold
/// start). The test app is run (JIT) on the Lambda host with a startup hook that records each generic type a call site
/// names, up to its first <c>GET next</c>; every one must be in the list, or the list is out of date.
/// </summary>
public sealed class HostGenericsTests
{
    private static readonly string RdXml = RepositoryPaths.Combine("src", "LambdaStreaming.AspNetCore", "buildTransitive", "LambdaStreaming.AspNetCore.rd.xml");

    [Fact]
    public async Task Every_generic_type_the_host_closes_before_its_first_poll_is_compiled_ahead_of_time()
    {
        var captured = await CaptureUntilFirstPollAsync();

        Assert.DoesNotContain(captured, entry => entry.Assembly == "unresolved");
        // The capture works: the routing options every app on the host resolves while it starts are among them.
        Assert.Contains(("Microsoft.Extensions.Options", "Microsoft.Extensions.Options.OptionsFactory`1[[Microsoft.AspNetCore.Routing.RouteOptions,Microsoft.AspNetCore.Routing]]"), captured);
        var listed = ListedTypes();
        // The test app's own types (its assembly is "bootstrap") are an app's business, not the package's list.
        var missing = captured.Where(entry => entry.Assembly != "bootstrap" && !entry.Type.Contains(",bootstrap]", StringComparison.Ordinal))
            .Where(entry => !listed.Contains(entry)).Select(entry => $"{entry.Assembly}: {entry.Type}").ToList();
        Assert.True(missing.Count == 0, $"not in {Path.GetFileName(RdXml)} (run benchmarks/scripts/host-generics.sh):\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void The_list_names_each_type_once_and_only_inside_its_own_assembly()
    {
        var entries = XDocument.Load(RdXml).Descendants().Where(element => element.Name.LocalName == "Type").ToList();

        Assert.NotEmpty(entries);
        Assert.Equal(entries.Count, entries.Select(element => (string?)element.Attribute("Name")).Distinct().Count());
        Assert.DoesNotContain(entries, element => ((string)element.Attribute("Name")!).Contains(",bootstrap]", StringComparison.Ordinal) || (string)element.Parent!.Attribute("Name")! == "bootstrap");
        Assert.All(entries, element =>
        {
            var assembly = (string)element.Parent!.Attribute("Name")!;
            var type = (string)element.Attribute("Name")!;
            Assert.Equal("Required All", (string?)element.Attribute("Dynamic"));
            // The type's namespace is its assembly's in every entry but the collection interfaces of CoreLib.
            Assert.True(assembly == "System.Private.CoreLib" ? type.StartsWith("System.", StringComparison.Ordinal) : type.StartsWith(assembly.Split('.')[0] + ".", StringComparison.Ordinal), $"{type} in {assembly}");
        });
    }

    private static HashSet<(string Assembly, string Type)> ListedTypes() => XDocument.Load(RdXml).Descendants()
        .Where(element => element.Name.LocalName == "Type")
        .Select(element => ((string)element.Parent!.Attribute("Name")!, (string)element.Attribute("Name")!))
        .ToHashSet();

    private static async Task<List<(string Assembly, string Type)>> CaptureUntilFirstPollAsync()
    {
        var app = await BuiltAspNetCoreApp.GetAsync();
        var hook = await BuildHookAsync();
        var scratch = Directory.CreateTempSubdirectory("ls-host-generics-");
        try
        {
            // The app's own runtimeconfig turns startup hooks and EventSource off (as a Lambda publish does); a copy turns them on.
            var runtimeConfig = JsonNode.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(app, ".runtimeconfig.json")))!;
            var properties = runtimeConfig["runtimeOptions"]!["configProperties"]!;
            properties["System.StartupHookProvider.IsSupported"] = true;
            properties["System.Diagnostics.Tracing.EventSource.IsSupported"] = true;
            var runtimeConfigCopy = Path.Combine(scratch.FullName, "runtimeconfig.json");
            await File.WriteAllTextAsync(runtimeConfigCopy, runtimeConfig.ToJsonString());
            var output = Path.Combine(scratch.FullName, "generics.tsv");

            using var runtimeApi = new TcpListener(IPAddress.Loopback, 0);
            runtimeApi.Start();
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(app)! };
            foreach (var argument in new[] { "exec", "--runtimeconfig", runtimeConfigCopy, app })
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{((IPEndPoint)runtimeApi.LocalEndpoint).Port}";
            start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "host-generics";
            start.Environment["DOTNET_STARTUP_HOOKS"] = hook;
            start.Environment["HOST_GENERICS_OUT"] = output;
            using var process = Process.Start(start)!;
            var log = new StringBuilder();
            process.OutputDataReceived += (_, line) => { lock (log) log.AppendLine(line.Data); };
            process.ErrorDataReceived += (_, line) => { lock (log) log.AppendLine(line.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                var polled = await Task.WhenAny(ReadFirstRequestLineAsync(runtimeApi), process.WaitForExitAsync()).WithGuard();
                Assert.True(polled is Task<string>, $"the app exited before it polled:\n{log}");
                Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await (Task<string>)polled);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            Assert.True(File.Exists(output), $"the startup hook wrote nothing:\n{log}");
            return (await File.ReadAllLinesAsync(output)).Select(line => line.Split('\t')).Select(parts => (parts[0], parts[1])).ToList();
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task<string> ReadFirstRequestLineAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
        return await reader.ReadLineAsync() ?? "";
    }

    private static async Task<string> BuildHookAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ls-host-generics-hook-{Guid.NewGuid():N}");
        var (exitCode, output) = await ProcessRunner.RunAsync("dotnet", ["build", "tests/HostGenericsCapture", "-c", "Release", "-o", directory, "-v", "quiet", "-nologo"], timeout: TimeSpan.FromMinutes(5));
        Assert.True(exitCode == 0, $"dotnet build tests/HostGenericsCapture failed:\n{output}");
        return Path.Combine(directory, "HostGenericsCapture.dll");
    }
}
