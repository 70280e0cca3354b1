using System.Text.Json.Serialization;

namespace LambdaStreaming.Http;

/// <summary>
/// The event API Gateway REST APIs send through a Lambda proxy integration: payload format version 1.0.
/// Deserialise it with <see cref="HttpEventJsonContext"/>.<c>Default.ApiGatewayProxyRequest</c>.
/// </summary>
public sealed class ApiGatewayProxyRequest : IHttpRequestEvent
{
    /// <summary>The resource that matched, e.g. <c>/{proxy+}</c>.</summary>
    public string? Resource { get; set; }

    /// <inheritdoc />
    public string Path { get; set; } = "/";

    /// <summary>The HTTP method, upper case.</summary>
    public string HttpMethod { get; set; } = "GET";

    /// <summary>Headers, the last value of each; see <see cref="MultiValueHeaders"/> for all values.</summary>
    public IDictionary<string, string>? Headers { get; set; }

    /// <summary>Every value of every header.</summary>
    public IDictionary<string, IList<string>>? MultiValueHeaders { get; set; }

    /// <summary>Query parameters, the last value of each; see <see cref="MultiValueQueryStringParameters"/>.</summary>
    public IDictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>Every value of every query parameter.</summary>
    public IDictionary<string, IList<string>>? MultiValueQueryStringParameters { get; set; }

    /// <summary>The values of the resource's path parameters, e.g. <c>proxy</c>.</summary>
    public IDictionary<string, string>? PathParameters { get; set; }

    /// <summary>The stage's variables.</summary>
    public IDictionary<string, string>? StageVariables { get; set; }

    /// <summary>Who called, through which stage and resource.</summary>
    public ApiGatewayRequestContext RequestContext { get; set; } = new();

    /// <inheritdoc />
    public string? Body { get; set; }

    /// <inheritdoc />
    public bool IsBase64Encoded { get; set; }

    /// <inheritdoc />
    [JsonIgnore]
    public string Method => HttpMethod;
}
