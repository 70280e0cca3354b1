using System.Text.Json.Serialization;

namespace LambdaStreaming.Http;

/// <summary>
/// Source-generated (reflection-free, AOT-safe) JSON metadata for the HTTP request events, e.g.
/// <c>LambdaRuntime.RunAsync(HttpEventJsonContext.Default.FunctionUrlRequest, handler)</c>.
/// </summary>
/// <remarks>Property names are matched case-insensitively, as the AWS samples are not consistent about case.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FunctionUrlRequest))]
[JsonSerializable(typeof(ApiGatewayProxyRequest))]
public sealed partial class HttpEventJsonContext : JsonSerializerContext;
