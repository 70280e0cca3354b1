using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;

namespace McpServer;

/// <summary>What <c>add</c> returns: its structured content.</summary>
public sealed record Sum(int A, int B, int Result);

/// <summary>The tools' own types, source-generated (no reflection-based serialization under Native AOT).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Sum))]
internal sealed partial class ToolsJson : JsonSerializerContext;

/// <summary>The options the SDK marshals the tools' arguments and results with and builds their schemas from.</summary>
internal static class ToolSerialization
{
    /// <summary>The SDK's own options (the protocol's types and the primitives), with the tools' context first.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions);
        options.TypeInfoResolverChain.Insert(0, ToolsJson.Default);
        options.MakeReadOnly();
        return options;
    }
}
