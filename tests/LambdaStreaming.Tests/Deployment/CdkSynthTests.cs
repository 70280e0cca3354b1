using System.IO.Compression;
using System.Text.Json.Nodes;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Deployment;

/// <summary>
/// <c>cdk synth</c> of <c>samples/Deploy</c>, offline, with the CDK CLI from npm (<c>tests/setup.sh</c> installs it into
/// samples/Deploy/node_modules): the synthesized CloudFormation holds a streaming Function URL reachable only through
/// CloudFront's Origin Access Control, and the Lambda@Edge function that hashes request bodies.
/// </summary>
public sealed class CdkSynthTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"ls-cdk-{Guid.NewGuid():N}");

    public CdkSynthTests() => Directory.CreateDirectory(_work);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Synth_gives_a_streaming_function_url_behind_CloudFront_OAC()
    {
        var resources = await SynthAsync("arm64");

        var url = Single(resources, "AWS::Lambda::Url");
        Assert.Equal("RESPONSE_STREAM", (string?)url["InvokeMode"]);
        Assert.Equal("AWS_IAM", (string?)url["AuthType"]);

        var function = resources.Where(r => (string?)r.Value!["Type"] == "AWS::Lambda::Function")
            .Select(r => r.Value!["Properties"]!)
            .Single(p => (string?)p["Runtime"] == "provided.al2023");
        Assert.Equal("bootstrap", (string?)function["Handler"]);
        Assert.Equal("arm64", (string?)function["Architectures"]![0]);

        var (oacId, oac) = SingleWithId(resources, "AWS::CloudFront::OriginAccessControl");
        var oacConfig = oac["OriginAccessControlConfig"]!;
        Assert.Equal("lambda", (string?)oacConfig["OriginAccessControlOriginType"]);
        Assert.Equal("sigv4", (string?)oacConfig["SigningProtocol"]);
        Assert.Equal("always", (string?)oacConfig["SigningBehavior"]);

        var distribution = Single(resources, "AWS::CloudFront::Distribution")["DistributionConfig"]!;
        var origin = Assert.Single(distribution["Origins"]!.AsArray())!;
        Assert.Equal(oacId, (string?)origin["OriginAccessControlId"]!["Fn::GetAtt"]![0]);
        Assert.Contains("FunctionUrl", origin["DomainName"]!.ToJsonString());
        var behavior = distribution["DefaultCacheBehavior"]!;
        Assert.Contains("POST", behavior["AllowedMethods"]!.AsArray().Select(m => (string?)m));
        var edge = Assert.Single(behavior["LambdaFunctionAssociations"]!.AsArray())!;
        Assert.Equal("origin-request", (string?)edge["EventType"]);
        Assert.True((bool?)edge["IncludeBody"], "the edge function must see the body to hash it");

        var permissions = resources.Where(r => (string?)r.Value!["Type"] == "AWS::Lambda::Permission")
            .Select(r => r.Value!["Properties"]!)
            .Where(p => (string?)p["Principal"] == "cloudfront.amazonaws.com")
            .Select(p => (string?)p["Action"])
            .ToList();
        Assert.Contains("lambda:InvokeFunctionUrl", permissions);
        Assert.Contains("lambda:InvokeFunction", permissions);
    }

    [Fact]
    public async Task Synth_refuses_an_architecture_Lambda_does_not_run()
    {
        var (exitCode, output) = await RunSynthAsync("x86");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("architecture must be x86_64 or arm64, not 'x86'", output);
    }

    private async Task<JsonObject> SynthAsync(string architecture)
    {
        var (exitCode, output) = await RunSynthAsync(architecture);
        Assert.True(exitCode == 0, output);
        var template = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_work, "cdk.out", "LambdaStreamingSseClock.template.json")))!;
        return template["Resources"]!.AsObject();
    }

    private async Task<(int ExitCode, string Output)> RunSynthAsync(string architecture)
    {
        var cdk = RepositoryPaths.Combine("samples", "Deploy", "node_modules", ".bin", "cdk");
        Prerequisites.RequireFile(cdk, "The CDK CLI (npm ci --prefix samples/Deploy)");
        // Synth only hashes the package; any zip stands in for the real bootstrap here.
        var zip = Path.Combine(_work, "function.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using var entry = archive.CreateEntry("bootstrap").Open();
            entry.Write("placeholder"u8);
        }

        return await ProcessRunner.RunAsync(cdk,
            ["synth", "--no-notices", "--no-version-reporting", "-c", $"functionZip={zip}", "-c", $"architecture={architecture}", "-o", Path.Combine(_work, "cdk.out")],
            RepositoryPaths.Combine("samples", "Deploy"));
    }

    private static JsonNode Single(JsonObject resources, string type) => SingleWithId(resources, type).Properties;

    private static (string Id, JsonNode Properties) SingleWithId(JsonObject resources, string type)
    {
        var match = Assert.Single(resources, r => (string?)r.Value!["Type"] == type);
        return (match.Key, match.Value!["Properties"]!);
    }
}
