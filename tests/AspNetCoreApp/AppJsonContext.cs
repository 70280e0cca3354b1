using System.Text.Json.Serialization;

namespace AspNetCoreApp;

/// <summary>The JSON the app sends and receives, source-generated for Native AOT.</summary>
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IAsyncEnumerable<int>))]
[JsonSerializable(typeof(Tick))]
[JsonSerializable(typeof(RequestFacts))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
