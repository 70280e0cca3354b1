using System.Text.Json.Serialization;

namespace ApiGatewayMixed;

/// <summary>Source-generated JSON for the sample's payloads.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Chunk))]
[JsonSerializable(typeof(Hello))]
[JsonSerializable(typeof(NotFound))]
internal sealed partial class MixedJson : JsonSerializerContext;
