// A buffered function: returns its event wrapped as {"echo": <event>, "requestId": "..."}.
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaStreaming;

return await LambdaRuntime.RunAsync(
    EchoJsonContext.Default.JsonElement,
    EchoJsonContext.Default.Echo,
    (input, context) => Task.FromResult(new Echo(input, context.AwsRequestId)));

/// <summary>The response document.</summary>
internal sealed record Echo(
    [property: JsonPropertyName("echo")] JsonElement Input,
    [property: JsonPropertyName("requestId")] string RequestId);

/// <summary>Source-generated JSON metadata: no reflection, so the AOT binary stays small and warning-free.</summary>
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Echo))]
internal sealed partial class EchoJsonContext : JsonSerializerContext;
