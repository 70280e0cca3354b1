using System.Text;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.Front;

/// <summary>The parts of a client's HTTP request that go into an event, read once from Kestrel.</summary>
internal sealed record RequestSnapshot(
    string Method,
    string Path,
    string RawQueryString,
    string Protocol,
    string Host,
    string SourceIp,
    string? UserAgent,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Headers,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Query,
    string? Body,
    bool IsBase64Encoded,
    string FrontRequestId,
    DateTimeOffset Time)
{
    public static RequestSnapshot From(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var request = context.Request;
        var isText = TextBodies.IsText(request.ContentType);
        string? bodyText = body.IsEmpty ? null
            : isText ? Encoding.UTF8.GetString(body.Span)
            : Convert.ToBase64String(body.Span);
        return new RequestSnapshot(
            request.Method,
            request.Path.HasValue ? request.Path.Value! : "/",
            request.QueryString.HasValue ? request.QueryString.Value![1..] : "",
            request.Protocol,
            request.Host.Value ?? "localhost",
            context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            request.Headers.UserAgent.Count > 0 ? request.Headers.UserAgent.ToString() : null,
            [.. request.Headers.Select(h => new KeyValuePair<string, IReadOnlyList<string>>(h.Key, [.. h.Value.Select(v => v ?? "")]))],
            [.. request.Query.Select(q => new KeyValuePair<string, IReadOnlyList<string>>(q.Key, [.. q.Value.Select(v => v ?? "")]))],
            bodyText,
            bodyText is not null && !isText,
            Guid.NewGuid().ToString(),
            DateTimeOffset.UtcNow);
    }

    /// <summary>The time as the fronts print it, e.g. <c>12/Mar/2020:19:03:58 +0000</c>.</summary>
    public string FormattedTime => Time.ToString("dd/MMM/yyyy:HH:mm:ss +0000", System.Globalization.CultureInfo.InvariantCulture);
}
