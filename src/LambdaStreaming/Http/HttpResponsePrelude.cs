namespace LambdaStreaming.Http;

/// <summary>
/// The status, headers and cookies of an HTTP response streamed through a Function URL (<c>RESPONSE_STREAM</c>) or
/// API Gateway REST (<c>transferMode: STREAM</c>). Written as a JSON prelude ahead of the body.
/// </summary>
public sealed class HttpResponsePrelude
{
    /// <summary>The content type of a response that starts with the prelude, which Lambda's HTTP fronts read it by.</summary>
    public const string ContentType = "application/vnd.awslambda.http-integration-response";

    /// <summary>The HTTP status code; 200 unless set.</summary>
    public int StatusCode { get; set; } = 200;

    /// <summary>Single-valued headers, e.g. <c>content-type</c>. Names are matched case-insensitively.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Headers with several values (API Gateway REST's <c>multiValueHeaders</c>).</summary>
    public IDictionary<string, IList<string>> MultiValueHeaders { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>Set-Cookie</c> values, one per cookie (Function URLs send each as its own header).</summary>
    public IList<string> Cookies { get; } = [];
}
