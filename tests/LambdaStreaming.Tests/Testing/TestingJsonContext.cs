using System.Text.Json.Serialization;

namespace LambdaStreaming.Tests.Testing;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Greeting))]
internal sealed partial class TestingJsonContext : JsonSerializerContext;
