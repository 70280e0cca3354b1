using System.Text.Json.Serialization;

namespace LambdaStreaming;

/// <summary>The client context parsed from <c>Lambda-Runtime-Client-Context</c>.</summary>
internal sealed class ClientContext : IClientContext
{
    [JsonPropertyName("env")]
    public Dictionary<string, string> Environment { get; set; } = [];

    [JsonPropertyName("client")]
    public ClientApplication Client { get; set; } = new();

    [JsonPropertyName("custom")]
    public Dictionary<string, string> Custom { get; set; } = [];

    IDictionary<string, string> IClientContext.Environment => Environment;

    IClientApplication IClientContext.Client => Client;

    IDictionary<string, string> IClientContext.Custom => Custom;
}
