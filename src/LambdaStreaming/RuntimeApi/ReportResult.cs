using System.Text;

namespace LambdaStreaming.RuntimeApi;

/// <summary>The Runtime API's answer to a <c>/response</c> or <c>/error</c> report.</summary>
/// <param name="StatusCode">202 when accepted; 400, 403, 410 or 413 when refused.</param>
/// <param name="Body">The Runtime API's explanation, usually a small JSON document.</param>
internal readonly record struct ReportResult(int StatusCode, ReadOnlyMemory<byte> Body)
{
    public bool IsAccepted => StatusCode == 202;

    /// <summary>Describes a refusal for a log line.</summary>
    public string Describe() => StatusCode switch
    {
        202 => "accepted",
        400 => $"400 bad request: {BodyText}",
        403 => $"403 forbidden (unknown or already reported request id): {BodyText}",
        410 => $"410 gone (the invocation already timed out): {BodyText}",
        413 => $"413 payload too large: {BodyText}",
        _ => $"{StatusCode}: {BodyText}",
    };

    private string BodyText => Body.Length > 512 ? Encoding.UTF8.GetString(Body.Span[..512]) + "..." : Encoding.UTF8.GetString(Body.Span);
}
