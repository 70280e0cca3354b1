using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspNetCoreFunction;

/// <summary>Source-generated JSON: no reflection, so the Native AOT bootstrap stays small and warning-free.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Hello))]
public sealed partial class AppJson : JsonSerializerContext;
