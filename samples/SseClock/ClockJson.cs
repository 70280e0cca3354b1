using System.Text.Json.Serialization;

namespace SseClock;

/// <summary>Source-generated JSON for the events (no reflection, so the AOT bootstrap stays small and warning-free).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ClockUpdate))]
[JsonSerializable(typeof(Welcome))]
internal sealed partial class ClockJson : JsonSerializerContext;
