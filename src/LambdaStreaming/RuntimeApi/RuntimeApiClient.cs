using System.Buffers;
using System.IO.Pipelines;
using LambdaStreaming.Hosting;
using LambdaStreaming.Transport;

namespace LambdaStreaming.RuntimeApi;

/// <summary>
/// The four Runtime API endpoints over connections the caller owns. It holds no connection itself, so each worker
/// decides which connection carries which call (a streamed response closes its connection; see the invocation loop).
/// </summary>
internal sealed class RuntimeApiClient
{
    private static readonly HttpResponseLimits ReportLimits = new(8 * 1024, 64 * 1024, 64 * 1024);
    private readonly HttpEndpoint _endpoint;
    private readonly HttpResponseLimits _nextLimits;
    private readonly InvocationHeaderCollector _headers = new();

    public RuntimeApiClient(HttpEndpoint endpoint, long maxEventBytes)
    {
        _endpoint = endpoint;
        _nextLimits = HttpResponseLimits.Default with { MaxBodyLength = maxEventBytes };
    }

    public HttpEndpoint Endpoint => _endpoint;

    public ValueTask<HttpConnection> ConnectAsync(CancellationToken cancellationToken) => HttpConnection.ConnectAsync(_endpoint, cancellationToken);

    /// <summary>Sends the long poll for the next invocation; <see cref="ReadNextAsync"/> waits for its reply.</summary>
    public async ValueTask RequestNextAsync(HttpConnection connection, CancellationToken cancellationToken)
    {
        var head = new HttpRequestHeadWriter(connection.Output, "GET"u8, RuntimeApiPaths.Next);
        head.WriteHeader(RuntimeApiHeaders.Host, _endpoint.AuthorityBytes.Span);
        head.End();
        await FlushAsync(connection.Output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for the next invocation. There is deliberately no timeout: the reply comes when an event exists.</summary>
    /// <exception cref="InvalidInvocationException">The reply has a request id but is otherwise unusable.</exception>
    /// <exception cref="RuntimeApiException">The Runtime API answered with something other than 200.</exception>
    /// <exception cref="MalformedHttpResponseException">The reply is not valid HTTP, or lacks a request id.</exception>
    public async ValueTask<Invocation> ReadNextAsync(HttpConnection connection, CancellationToken cancellationToken)
    {
        _headers.Reset();
        HttpResponse response;
        try
        {
            response = await connection.ReadResponseAsync(_headers, _nextLimits, cancellationToken).ConfigureAwait(false);
        }
        catch (MalformedHttpResponseException ex) when (ex.Reason == HttpRejectionReason.BodyTooLarge && !string.IsNullOrEmpty(_headers.RequestId))
        {
            // The invocation is known by its id even though its event was not read: it gets an error report (on
            // another connection, as this one still holds the unread event) instead of silently timing out.
            connection.Poison();
            throw new InvalidInvocationException(_headers.RequestId, _headers.InvocationId, $"the event is larger than the runtime accepts ({ex.Message}); raise LambdaRuntimeOptions.MaxEventBytes to accept it");
        }

        if (response.StatusCode != 200)
        {
            throw new RuntimeApiException("next", response.StatusCode, new ReportResult(response.StatusCode, response.Body).Describe());
        }
        if (string.IsNullOrEmpty(_headers.RequestId))
        {
            connection.Poison();
            throw new MalformedHttpResponseException(HttpRejectionReason.InvalidHeaderLine, "the next reply has no Lambda-Runtime-Aws-Request-Id header, so the invocation cannot be answered");
        }
        if (_headers.DeadlineMs is not { } deadlineMs)
        {
            throw new InvalidInvocationException(_headers.RequestId, _headers.InvocationId,
                _headers.DeadlineInvalid ? "Lambda-Runtime-Deadline-Ms is not a non-negative integer" : "the next reply has no Lambda-Runtime-Deadline-Ms header");
        }
        return new Invocation
        {
            RequestId = _headers.RequestId,
            Deadline = DeadlineFromUnixMilliseconds(deadlineMs),
            InvokedFunctionArn = _headers.InvokedFunctionArn ?? "",
            TraceId = _headers.TraceId,
            ClientContextJson = _headers.ClientContext,
            CognitoIdentityJson = _headers.CognitoIdentity,
            InvocationId = _headers.InvocationId,
            TenantId = _headers.TenantId,
            Payload = response.Body,
        };
    }

    /// <summary>
    /// The deadline as a time, clamped to <see cref="DateTimeOffset.MaxValue"/>: Unix milliseconds past the year 9999
    /// are valid on the wire but not as a <see cref="DateTimeOffset"/>, and mean "no deadline" in practice.
    /// </summary>
    internal static DateTimeOffset DeadlineFromUnixMilliseconds(long milliseconds) =>
        milliseconds >= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.MaxValue
            : DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    /// <summary>Sends a whole response with a <c>Content-Length</c>; <see cref="ReadReportAsync"/> reads the answer.</summary>
    public async ValueTask SendResponseAsync(HttpConnection connection, string requestId, string? invocationId, ReadOnlyMemory<byte> body, string contentType, CancellationToken cancellationToken)
    {
        var head = new HttpRequestHeadWriter(connection.Output, "POST"u8, RuntimeApiPaths.InvocationPrefix, requestId, RuntimeApiPaths.ResponseSuffix);
        head.WriteHeader(RuntimeApiHeaders.Host, _endpoint.AuthorityBytes.Span);
        head.WriteHeader(RuntimeApiHeaders.ContentType, contentType);
        head.WriteHeader(RuntimeApiHeaders.ContentLength, body.Length);
        WriteInvocationId(ref head, invocationId);
        head.End();
        connection.Output.Write(body.Span);
        await FlushAsync(connection.Output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes (but does not flush) the head of a streaming response and returns the writer that frames its body.
    /// The POST reaches the wire with the first flush of that writer, so nothing is sent for a handler that fails first.
    /// </summary>
    public ChunkedBodyWriter BeginStreamingResponse(HttpConnection connection, string requestId, string? invocationId, string contentType)
    {
        var head = new HttpRequestHeadWriter(connection.Output, "POST"u8, RuntimeApiPaths.InvocationPrefix, requestId, RuntimeApiPaths.ResponseSuffix);
        head.WriteHeader(RuntimeApiHeaders.Host, _endpoint.AuthorityBytes.Span);
        head.WriteHeader(RuntimeApiHeaders.ResponseMode, "streaming"u8);
        head.WriteHeader(RuntimeApiHeaders.TransferEncoding, "chunked"u8);
        head.WriteHeader(RuntimeApiHeaders.ContentType, contentType);
        // HTTP/1.1 requires trailers to be announced; failures after the first byte travel in these two.
        head.WriteHeader(RuntimeApiHeaders.Trailer, "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body"u8);

        // The connection ends with this response (AWS requires it): saying so lets the server close its side as soon
        // as it has answered, instead of tearing the connection down while the next invocation is starting.
        head.WriteHeader(RuntimeApiHeaders.Connection, "close"u8);
        WriteInvocationId(ref head, invocationId);
        head.End();
        return new ChunkedBodyWriter(connection.Output);
    }

    /// <summary>
    /// Ends a streaming response, with the error trailers when <paramref name="error"/> is given;
    /// <see cref="ReadReportAsync"/> reads the answer.
    /// </summary>
    public async ValueTask EndStreamingResponseAsync(ChunkedBodyWriter body, ErrorReport? error, CancellationToken cancellationToken)
    {
        HttpTrailer[] trailers = error is null
            ? []
            : [new(RuntimeApiHeaders.FunctionErrorType, error.ErrorType), new(RuntimeApiHeaders.FunctionErrorBody, Convert.ToBase64String(error.Json.Span))];
        var flush = await body.CompleteAsync(trailers, cancellationToken).ConfigureAwait(false);
        ThrowIfCanceled(flush);
    }

    /// <summary>Reports an invocation's failure before any response byte was sent; <see cref="ReadReportAsync"/> reads the answer.</summary>
    public async ValueTask SendErrorAsync(HttpConnection connection, string requestId, string? invocationId, ErrorReport error, CancellationToken cancellationToken)
    {
        var head = new HttpRequestHeadWriter(connection.Output, "POST"u8, RuntimeApiPaths.InvocationPrefix, requestId, RuntimeApiPaths.ErrorSuffix);
        WriteErrorHead(ref head, error);
        WriteInvocationId(ref head, invocationId);
        head.End();
        connection.Output.Write(error.Json.Span);
        await FlushAsync(connection.Output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the Runtime API's answer to a report just sent. Reading is a step of its own so that the caller decides,
    /// on the thread that reads, whether the read may wait on it (<see cref="HttpConnection.WaitOnCallingThread"/>).
    /// </summary>
    /// <exception cref="RuntimeApiException">A container error (5xx).</exception>
    public ValueTask<ReportResult> ReadReportAsync(HttpConnection connection, string operation, CancellationToken cancellationToken) =>
        ReadReportResultAsync(connection, operation, cancellationToken);

    /// <summary>Reports a failure before the first <c>next</c>; the runtime exits afterwards.</summary>
    public async ValueTask<ReportResult> PostInitErrorAsync(HttpConnection connection, ErrorReport error, CancellationToken cancellationToken)
    {
        var head = new HttpRequestHeadWriter(connection.Output, "POST"u8, RuntimeApiPaths.InitError);
        WriteErrorHead(ref head, error);
        head.End();
        connection.Output.Write(error.Json.Span);
        await FlushAsync(connection.Output, cancellationToken).ConfigureAwait(false);
        return await ReadReportResultAsync(connection, "init error", cancellationToken).ConfigureAwait(false);
    }

    private void WriteErrorHead(ref HttpRequestHeadWriter head, ErrorReport error)
    {
        head.WriteHeader(RuntimeApiHeaders.Host, _endpoint.AuthorityBytes.Span);
        head.WriteHeader("Lambda-Runtime-Function-Error-Type"u8, error.ErrorType);
        head.WriteHeader(RuntimeApiHeaders.ContentType, "application/json"u8);
        head.WriteHeader(RuntimeApiHeaders.ContentLength, error.Json.Length);
    }

    private static void WriteInvocationId(ref HttpRequestHeadWriter head, string? invocationId)
    {
        if (invocationId is not null)
        {
            head.WriteHeader(RuntimeApiHeaders.InvocationId, invocationId);
        }
    }

    private static async ValueTask<ReportResult> ReadReportResultAsync(HttpConnection connection, string operation, CancellationToken cancellationToken)
    {
        var response = await connection.ReadResponseAsync(null, ReportLimits, cancellationToken).ConfigureAwait(false);
        var result = new ReportResult(response.StatusCode, response.Body);
        if (response.StatusCode >= 500)
        {
            throw new RuntimeApiException(operation, response.StatusCode, result.Describe());
        }
        return result;
    }

    private static async ValueTask FlushAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfCanceled(flush);
    }

    private static void ThrowIfCanceled(FlushResult flush)
    {
        if (flush.IsCanceled || flush.IsCompleted)
        {
            throw new IOException("The connection to the Runtime API was closed while writing.");
        }
    }
}
