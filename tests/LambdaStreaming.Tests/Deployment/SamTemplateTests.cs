using LambdaStreaming.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace LambdaStreaming.Tests.Deployment;

/// <summary>
/// Every sample's <c>template.yaml</c> deploys what the sample needs: the packaged bootstrap on provided.al2023, either
/// architecture, and a streaming front (a Function URL in RESPONSE_STREAM mode, or API Gateway REST in STREAM mode).
/// CloudFormation's short tags (<c>!Ref</c>, <c>!Sub</c>) are read as tagged scalars.
/// </summary>
public sealed class SamTemplateTests
{
    public static TheoryData<string> FunctionUrlSamples => new() { "ChunkedText", "EchoJson", "SseClock", "Progress", "AspNetCoreSse", "Observability", "ChatStream", "McpServer" };

    [Fact]
    public void Every_function_sample_has_a_template()
    {
        var samples = Directory.GetDirectories(RepositoryPaths.Combine("samples"))
            .Where(d => File.Exists(Path.Combine(d, "Program.cs")) && File.ReadAllText(Path.Combine(d, "Program.cs")) is var program && (program.Contains("LambdaRuntime") || program.Contains("AddLambdaStreamingHosting")))
            .Select(Path.GetFileName)
            .ToList();

        Assert.NotEmpty(samples);
        Assert.All(samples, s => Assert.True(File.Exists(RepositoryPaths.Combine("samples", s!, "template.yaml")), $"samples/{s} has no template.yaml"));
    }

    [Theory]
    [MemberData(nameof(FunctionUrlSamples))]
    public void Function_url_samples_stream_through_a_RESPONSE_STREAM_url(string sample)
    {
        var function = FunctionOf(sample);

        var url = (YamlMappingNode)function["FunctionUrlConfig"];
        Assert.Equal("RESPONSE_STREAM", Scalar(url, "InvokeMode"));
        Assert.Equal("NONE", Scalar(url, "AuthType"));
    }

    [Theory]
    [MemberData(nameof(FunctionUrlSamples))]
    [InlineData("ApiGatewayMixed")]
    [InlineData("AspNetCoreMixed")]
    public void Templates_deploy_the_packaged_bootstrap_on_provided_al2023_for_either_architecture(string sample)
    {
        var template = Load(sample);
        var function = FunctionOf(sample);

        Assert.Equal("provided.al2023", Scalar(function, "Runtime"));
        Assert.Equal("bootstrap", Scalar(function, "Handler"));
        // Where bootstrap/package.sh samples/X samples/X/out writes the zip.
        Assert.Equal("out/function.zip", Scalar(function, "CodeUri"));
        var architecture = (YamlScalarNode)((YamlSequenceNode)function["Architectures"]).Single();
        Assert.Equal("!Ref", architecture.Tag.Value);
        Assert.Equal("Architecture", architecture.Value);
        var parameter = (YamlMappingNode)((YamlMappingNode)template["Parameters"])["Architecture"];
        Assert.Equal(["x86_64", "arm64"], ((YamlSequenceNode)parameter["AllowedValues"]).Select(n => ((YamlScalarNode)n).Value));
    }

    [Fact]
    public void ApiGatewayMixed_streams_stream_through_InvokeWithResponseStream_and_buffers_hello()
    {
        var api = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Load("ApiGatewayMixed")["Resources"])["Api"])["Properties"];
        var paths = (YamlMappingNode)((YamlMappingNode)api["DefinitionBody"])["paths"];

        var stream = Integration(paths, "/stream");
        Assert.Equal("STREAM", Scalar(stream, "responseTransferMode"));
        Assert.Equal("aws_proxy", Scalar(stream, "type"));
        Assert.EndsWith("/2021-11-15/functions/${Function.Arn}/response-streaming-invocations", Scalar(stream, "uri"));

        var hello = Integration(paths, "/hello");
        Assert.Equal("BUFFERED", Scalar(hello, "responseTransferMode"));
        Assert.EndsWith("/2015-03-31/functions/${Function.Arn}/invocations", Scalar(hello, "uri"));
    }

    [Fact]
    public void AspNetCoreMixed_streams_every_route_through_one_proxy_integration()
    {
        var api = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Load("AspNetCoreMixed")["Resources"])["Api"])["Properties"];
        var paths = (YamlMappingNode)((YamlMappingNode)api["DefinitionBody"])["paths"];

        var proxy = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)paths["/{proxy+}"])["x-amazon-apigateway-any-method"])["x-amazon-apigateway-integration"];
        Assert.Equal("STREAM", Scalar(proxy, "responseTransferMode"));
        Assert.Equal("aws_proxy", Scalar(proxy, "type"));
        Assert.EndsWith("/2021-11-15/functions/${Function.Arn}/response-streaming-invocations", Scalar(proxy, "uri"));
    }

    private static YamlMappingNode Integration(YamlMappingNode paths, string path) =>
        (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)paths[path])["get"])["x-amazon-apigateway-integration"];

    private static YamlMappingNode FunctionOf(string sample)
    {
        var resources = (YamlMappingNode)Load(sample)["Resources"];
        var function = (YamlMappingNode)resources["Function"];
        Assert.Equal("AWS::Serverless::Function", Scalar(function, "Type"));
        return (YamlMappingNode)function["Properties"];
    }

    private static YamlMappingNode Load(string sample)
    {
        using var reader = new StreamReader(RepositoryPaths.Combine("samples", sample, "template.yaml"));
        var stream = new YamlStream();
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
