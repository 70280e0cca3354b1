using System.Text.Json.Serialization;

namespace LambdaStreaming;

/// <summary>The client application parsed from <c>Lambda-Runtime-Client-Context</c>.</summary>
internal sealed class ClientApplication : IClientApplication
{
    [JsonPropertyName("app_package_name")]
    public string AppPackageName { get; set; } = "";

    [JsonPropertyName("app_title")]
    public string AppTitle { get; set; } = "";

    [JsonPropertyName("app_version_code")]
    public string AppVersionCode { get; set; } = "";

    [JsonPropertyName("app_version_name")]
    public string AppVersionName { get; set; } = "";

    [JsonPropertyName("installation_id")]
    public string InstallationId { get; set; } = "";
}
