using System.Text.Json;
using System.Text.Json.Serialization;

namespace AspNetCoreSse;

/// <summary>The events' JSON, source-generated for Native AOT.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Update))]
internal sealed partial class SseJson : JsonSerializerContext;
