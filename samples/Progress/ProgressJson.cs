using System.Text.Json.Serialization;

namespace Progress;

/// <summary>Source-generated JSON for the progress events.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProgressUpdate))]
internal sealed partial class ProgressJson : JsonSerializerContext;
