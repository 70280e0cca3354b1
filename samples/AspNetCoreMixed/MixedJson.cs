using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspNetCoreMixed;

/// <summary>The sample's JSON in camelCase, as ASP.NET Core writes it, source-generated for Native AOT.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Chunk))]
[JsonSerializable(typeof(Hello))]
internal sealed partial class MixedJson : JsonSerializerContext;
