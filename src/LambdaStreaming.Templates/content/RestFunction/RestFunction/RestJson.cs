using System.Text.Json.Serialization;

namespace RestFunction;

/// <summary>Source-generated JSON: no reflection, so the Native AOT bootstrap stays small and warning-free.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Hello))]
public sealed partial class RestJson : JsonSerializerContext;
