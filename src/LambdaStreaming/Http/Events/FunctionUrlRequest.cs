using System.Text.Json.Serialization;

namespace LambdaStreaming.Http;

/// <summary>
/// The event a Lambda Function URL sends: payload format version 2.0 (the same shape as API Gateway HTTP APIs).
/// Deserialise it with <see cref="HttpEventJsonContext"/>.<c>Default.FunctionUrlRequest</c>.
/// </summary>
public sealed class FunctionUrlRequest : IHttpRequestEvent
{
    /// <summary>The payload format version, <c>2.0</c>.</summary>
    public string? Version { get; set; }

    /// <summary>Always <c>$default</c> for Function URLs.</summary>
    public string? RouteKey { get; set; }

    /// <summary>The path as the client sent it, e.g. <c>/stream</c>.</summary>
    public string RawPath { get; set; } = "/";

    /// <summary>The query string without the <c>?</c>, as the client sent it (still URL-encoded).</summary>
    public string RawQueryString { get; set; } = "";

    /// <summary>The request's cookies, one <c>name=value</c> string each.</summary>
    public IList<string>? Cookies { get; set; }

    /// <inheritdoc />
    public IDictionary<string, string>? Headers { get; set; }

    /// <inheritdoc />
    public IDictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>Path parameters; unused by Function URLs, present for HTTP API events of the same shape.</summary>
    public IDictionary<string, string>? PathParameters { get; set; }

    /// <summary>Stage variables; unused by Function URLs.</summary>
    public IDictionary<string, string>? StageVariables { get; set; }

    /// <summary>Who called, how, and when.</summary>
    public FunctionUrlRequestContext RequestContext { get; set; } = new();

    /// <inheritdoc />
    public string? Body { get; set; }

    /// <inheritdoc />
    public bool IsBase64Encoded { get; set; }

    /// <inheritdoc />
    [JsonIgnore]
    public string Method => RequestContext.Http.Method;

    /// <inheritdoc />
    [JsonIgnore]
    public string Path => RawPath;
}
