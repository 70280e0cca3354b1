using System.Buffers;
using System.Text.Json;
using LambdaStreaming.Emulator.Invocations;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.InvokeStream;

/// <summary>
/// Answers InvokeWithResponseStream: each piece of the function's body becomes a <c>PayloadChunk</c> event as it
/// arrives, and the stream ends with an <c>InvokeComplete</c> event that carries the error, if any. The HTTP
/// <c>Content-Type</c> is the function's (the API's <c>ResponseStreamContentType</c>); the framing is eventstream.
/// </summary>
internal sealed class EventStreamInvoker(InvokerResponse client) : IInvoker
{
    private bool _completed;

    public Task Released => client.Released;

    public long MaxResponseBytes => LambdaLimits.StreamedResponseBytes;

    public ValueTask StartAsync(string contentType, long? contentLength) =>
        client.StartAsync(StatusCodes.Status200OK, contentType, contentLength: null, headers: null);

    public ValueTask WriteAsync(ReadOnlySequence<byte> data)
    {
        var chunk = EventStreamMessage.Event("PayloadChunk", "application/octet-stream", data.IsSingleSegment ? data.FirstSpan : data.ToArray());
        return client.WriteAsync(new ReadOnlySequence<byte>(chunk));
    }

    public async ValueTask CompleteAsync()
    {
        await EndAsync(errorCode: null, errorDetails: null).ConfigureAwait(false);
        await client.CompleteAsync().ConfigureAwait(false);
    }

    public async ValueTask<bool> FailAsync(ReadOnlyMemory<byte> errorDocument)
    {
        // The status is 200 either way: the API reports function errors inside the stream, not in the status line.
        var hadStarted = client.HasStarted;
        if (!hadStarted)
        {
            await client.StartAsync(StatusCodes.Status200OK, "application/octet-stream", contentLength: null, headers: null).ConfigureAwait(false);
        }

        await EndAsync("Unhandled", System.Text.Encoding.UTF8.GetString(errorDocument.Span)).ConfigureAwait(false);
        await client.CompleteAsync().ConfigureAwait(false);
        return !hadStarted;
    }

    public void Abort() => client.Abort();

    private async ValueTask EndAsync(string? errorCode, string? errorDetails)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        using var payload = new MemoryStream();
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            if (errorCode is not null)
            {
                json.WriteString("ErrorCode", errorCode);
                json.WriteString("ErrorDetails", errorDetails);
            }

            json.WriteString("LogResult", "");
            json.WriteEndObject();
        }

        var message = EventStreamMessage.Event("InvokeComplete", "application/json", payload.GetBuffer().AsSpan(0, (int)payload.Length));
        await client.WriteAsync(new ReadOnlySequence<byte>(message)).ConfigureAwait(false);
    }
}
