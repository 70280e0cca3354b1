using System.Buffers;
using LambdaStreaming.Emulator.Invocations;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.Front;

/// <summary>
/// Turns a function's output back into HTTP as a Function URL or REST API front does: a response with the
/// HTTP-integration content type has its prelude read for status, headers and cookies, and the rest is forwarded
/// to the client piece by piece as it arrives. Any other response is passed through with the function's content type.
/// </summary>
internal sealed class HttpFrontInvoker(InvokerResponse client, FrontKind front, string requestId) : IInvoker
{
    /// <summary>A prelude larger than this is refused: headers have limits on every real front.</summary>
    public const int MaxPreludeBytes = 64 * 1024;

    private static readonly byte[] Delimiter = new byte[8];

    private readonly ArrayBufferWriter<byte> _prelude = new();
    private bool _readingPrelude;
    private bool _failed;

    public Task Released => client.Released;

    public long MaxResponseBytes => LambdaLimits.StreamedResponseBytes;

    public async ValueTask StartAsync(string contentType, long? contentLength)
    {
        if (contentType.StartsWith(IntegrationPrelude.ContentType, StringComparison.OrdinalIgnoreCase))
        {
            // The status line waits for the prelude.
            _readingPrelude = true;
            return;
        }

        await client.StartAsync(StatusCodes.Status200OK, contentType, contentLength, RequestIdHeader()).ConfigureAwait(false);
    }

    public async ValueTask WriteAsync(ReadOnlySequence<byte> data)
    {
        if (_failed)
        {
            return;
        }

        if (!_readingPrelude)
        {
            await client.WriteAsync(data).ConfigureAwait(false);
            return;
        }

        foreach (var segment in data)
        {
            _prelude.Write(segment.Span);
        }

        var delimiter = _prelude.WrittenSpan.IndexOf(Delimiter);
        if (delimiter < 0)
        {
            if (_prelude.WrittenCount > MaxPreludeBytes)
            {
                await BadGatewayAsync($"no 8-NUL delimiter within the first {MaxPreludeBytes} bytes").ConfigureAwait(false);
            }

            return;
        }

        IntegrationPrelude prelude;
        try
        {
            prelude = IntegrationPrelude.Parse(_prelude.WrittenSpan[..delimiter]);
        }
        catch (FormatException ex)
        {
            await BadGatewayAsync(ex.Message).ConfigureAwait(false);
            return;
        }

        _readingPrelude = false;
        var contentType = prelude.Headers.Any(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase))
            ? null
            : "application/octet-stream";
        await client.StartAsync(prelude.StatusCode, contentType, contentLength: null, [.. prelude.Headers, .. RequestIdHeader()]).ConfigureAwait(false);
        var rest = _prelude.WrittenMemory[(delimiter + Delimiter.Length)..];
        if (!rest.IsEmpty)
        {
            await client.WriteAsync(new ReadOnlySequence<byte>(rest)).ConfigureAwait(false);
        }
    }

    public async ValueTask CompleteAsync()
    {
        if (_failed)
        {
            return;
        }

        if (_readingPrelude)
        {
            await BadGatewayAsync("the response ended before the prelude's 8-NUL delimiter").ConfigureAwait(false);
            return;
        }

        await client.CompleteAsync().ConfigureAwait(false);
    }

    public ValueTask<bool> FailAsync(ReadOnlyMemory<byte> errorDocument) => InternalServerErrorAsync();

    public void Abort() => client.Abort();

    private async ValueTask<bool> InternalServerErrorAsync()
    {
        _failed = true;
        return await client.RespondAsync(StatusCodes.Status502BadGateway, "application/json", FrontErrors.FunctionFailed(front), RequestIdHeader()).ConfigureAwait(false);
    }

    private async ValueTask BadGatewayAsync(string reason)
    {
        _failed = true;
        var body = FrontErrors.Malformed("HTTP integration response", reason);
        await client.RespondAsync(StatusCodes.Status502BadGateway, "application/json", body, RequestIdHeader()).ConfigureAwait(false);
    }

    private KeyValuePair<string, string>[] RequestIdHeader() => [new("x-amzn-RequestId", requestId)];
}
