using System.Buffers;
using System.IO.Pipelines;

namespace LambdaStreaming.Transport;

/// <summary>Reads one complete HTTP/1.1 response (head and body) from a connection's input pipe.</summary>
internal static class HttpResponseReader
{
    /// <summary>
    /// Reads a response, skipping interim 1xx heads, and copies its body out of the pipe so the caller owns it.
    /// </summary>
    /// <exception cref="MalformedHttpResponseException">The response is malformed, too large, or the connection ended early.</exception>
    public static async ValueTask<HttpResponse> ReadAsync(PipeReader input, IHttpHeaderHandler? headers, HttpResponseLimits limits, CancellationToken cancellationToken)
    {
        while (true)
        {
            var head = await ReadHeadAsync(input, headers, limits, cancellationToken).ConfigureAwait(false);
            if (head.StatusCode < 200)
            {
                continue;
            }
            if (!head.HasBody)
            {
                return new HttpResponse(head.StatusCode, ReadOnlyMemory<byte>.Empty, head.KeepAlive);
            }
            var body = head.Chunked
                ? await ChunkedBodyReader.ReadAsync(input, limits, cancellationToken).ConfigureAwait(false)
                : await ReadContentLengthBodyAsync(input, head.ContentLength, limits, cancellationToken).ConfigureAwait(false);
            return new HttpResponse(head.StatusCode, body, head.KeepAlive);
        }
    }

    private static async ValueTask<HttpResponseHead> ReadHeadAsync(PipeReader input, IHttpHeaderHandler? headers, HttpResponseLimits limits, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            SequencePosition? end;
            try
            {
                end = HttpResponseHeadParser.FindEndOfHead(buffer, limits);
            }
            catch
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }
            if (end is { } endOfHead)
            {
                try
                {
                    return HttpResponseHeadParser.Parse(buffer.Slice(0, endOfHead), headers);
                }
                finally
                {
                    input.AdvanceTo(endOfHead);
                }
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.UnexpectedEndOfStream,
                    buffer.IsEmpty ? "the connection closed before any response byte" : $"the connection closed after {buffer.Length} bytes of the response head");
            }
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("Reading the response was cancelled.");
            }
        }
    }

    private static async ValueTask<ReadOnlyMemory<byte>> ReadContentLengthBodyAsync(PipeReader input, long length, HttpResponseLimits limits, CancellationToken cancellationToken)
    {
        if (length > limits.MaxBodyLength)
        {
            throw new MalformedHttpResponseException(HttpRejectionReason.BodyTooLarge, $"Content-Length {length} exceeds the limit of {limits.MaxBodyLength} bytes");
        }
        if (length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }
        var body = new byte[length];
        var filled = 0;
        while (filled < body.Length)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var available = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, body.Length - filled));
            available.CopyTo(body.AsSpan(filled));
            filled += (int)available.Length;
            input.AdvanceTo(available.End);
            if (filled < body.Length && result.IsCompleted)
            {
                throw new MalformedHttpResponseException(HttpRejectionReason.UnexpectedEndOfStream, $"the connection closed after {filled} of {length} body bytes");
            }
        }
        return body;
    }
}
