using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;

namespace LambdaStreaming.Testing;

/// <summary>
/// What Lambda received from one in-memory invocation: the outcome, the content type, the chunks as flushed and when,
/// the HTTP prelude of an HTTP response, the error report or error trailers, and the lines logged.
/// </summary>
public sealed class InvocationRecord
{
    private static readonly byte[] PreludeSeparator = new byte[8];
    private readonly int _bodyStart;

    internal InvocationRecord(ResponseOutcome outcome, string? contentType, IReadOnlyList<RecordedChunk> chunks, ErrorReport? error, IReadOnlyList<TestLogLine> logs)
    {
        Outcome = outcome;
        ContentType = contentType;
        Chunks = chunks;
        Error = error;
        Logs = logs;
        var payload = new byte[chunks.Sum(chunk => chunk.Bytes.Length)];
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.Bytes.Span.CopyTo(payload.AsSpan(at));
            at += chunk.Bytes.Length;
        }
        Payload = payload;
        if (contentType == HttpResponsePrelude.ContentType && payload.AsSpan().IndexOf(PreludeSeparator) is var separator and >= 0)
        {
            Prelude = ParsePrelude(payload.AsSpan(0, separator));
            _bodyStart = separator + PreludeSeparator.Length;
        }
    }

    /// <summary>How the invocation ended: a whole response, a stream, a stream ended by error trailers, or an error report.</summary>
    public ResponseOutcome Outcome { get; }

    /// <summary>The response's content type; null after an error report.</summary>
    public string? ContentType { get; }

    /// <summary>A stream's chunks, one per flush, with their times; a whole response is one chunk.</summary>
    public IReadOnlyList<RecordedChunk> Chunks { get; }

    /// <summary>Every byte the response sent, the prelude included.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The status, headers and cookies of an HTTP response (its content type is the prelude's); null otherwise.</summary>
    public HttpResponsePrelude? Prelude { get; }

    /// <summary>The response body: the payload after the prelude of an HTTP response, else the whole payload.</summary>
    public ReadOnlyMemory<byte> Body => Payload[_bodyStart..];

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The error report (<see cref="ResponseOutcome.Error"/>) or the stream's error trailers; null otherwise.</summary>
    public ErrorReport? Error { get; }

    /// <summary>The error's <c>errorMessage</c>; null when there is no error.</summary>
    public string? ErrorMessage
    {
        get
        {
            if (Error is null)
            {
                return null;
            }
            using var document = JsonDocument.Parse(Error.Json);
            return document.RootElement.GetProperty("errorMessage").GetString();
        }
    }

    /// <summary>The lines logged during the invocation, the runtime's own (the failure it reports) included.</summary>
    public IReadOnlyList<TestLogLine> Logs { get; }

    /// <summary>The body read as Server-Sent Events by <see cref="SseParser"/>.</summary>
    public IReadOnlyList<SseItem<string>> ServerSentEvents() => [.. SseParser.Create(new MemoryStream(Body.ToArray())).Enumerate()];

    /// <summary>The body deserialised as JSON with source-generated metadata.</summary>
    /// <exception cref="JsonException">The body is not <typeparamref name="T"/>'s JSON.</exception>
    public T? BodyAs<T>(JsonTypeInfo<T> typeInfo) => JsonSerializer.Deserialize(Body.Span, typeInfo);

    private static HttpResponsePrelude ParsePrelude(ReadOnlySpan<byte> json)
    {
        var prelude = new HttpResponsePrelude();
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        if (root.TryGetProperty("statusCode", out var status))
        {
            prelude.StatusCode = status.GetInt32();
        }
        if (root.TryGetProperty("headers", out var headers))
        {
            foreach (var header in headers.EnumerateObject())
            {
                prelude.Headers[header.Name] = header.Value.GetString() ?? "";
            }
        }
        if (root.TryGetProperty("multiValueHeaders", out var multiValueHeaders))
        {
            foreach (var header in multiValueHeaders.EnumerateObject())
            {
                prelude.MultiValueHeaders[header.Name] = [.. header.Value.EnumerateArray().Select(value => value.GetString() ?? "")];
            }
        }
        if (root.TryGetProperty("cookies", out var cookies))
        {
            foreach (var cookie in cookies.EnumerateArray())
            {
                prelude.Cookies.Add(cookie.GetString() ?? "");
            }
        }
        return prelude;
    }
}
