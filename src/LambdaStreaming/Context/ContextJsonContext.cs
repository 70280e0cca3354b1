using System.Text.Json.Serialization;

namespace LambdaStreaming;

/// <summary>Source-generated (reflection-free, AOT-safe) JSON for the invocation metadata the context exposes.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ClientContext))]
[JsonSerializable(typeof(CognitoIdentity))]
internal sealed partial class ContextJsonContext : JsonSerializerContext;
