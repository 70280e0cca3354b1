using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaStreaming.Http;

/// <summary>
/// Writes Server-Sent Events (WHATWG HTML, "Server-sent events") into a <see cref="ResponseStream"/>: each event is
/// formatted straight into the response's pipe memory and, unless <see cref="AutoFlush"/> is off, sent as one chunk.
/// Data with line breaks becomes several <c>data:</c> lines; <c>event</c> and <c>id</c> values that could forge
/// another field are rejected. Writes are serialised, so the optional heartbeat never interleaves with an event.
/// </summary>
public sealed class ServerSentEventWriter : IAsyncDisposable
{
    private const int CharsPerSlice = 2048;
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = false, SkipValidation = true };
    private readonly PipeWriter _response;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopHeartbeat = new();
    private readonly Task _heartbeat;
    private Utf8JsonWriter? _json;
    private long _lastWriteTimestamp;

    /// <summary>Writes events into <paramref name="output"/>; <see cref="ServerSentEventsExtensions.StartServerSentEvents"/> is the public way in.</summary>
    internal ServerSentEventWriter(PipeWriter output, TimeSpan? heartbeatInterval, TimeProvider time)
    {
        _response = output;
        _time = time;
        _lastWriteTimestamp = time.GetTimestamp();
        // The runtime must never write the end of the body while a heartbeat is half-written.
        (output as ResponseStream)?.OnCompleting(StopHeartbeatAsync);
        _heartbeat = heartbeatInterval is { } interval && interval > TimeSpan.Zero ? HeartbeatLoopAsync(interval) : Task.CompletedTask;
    }

    /// <summary>Send every event as soon as it is written (the default). Turn off to batch, then call <see cref="FlushAsync"/>.</summary>
    public bool AutoFlush { get; set; } = true;

    /// <summary>Writes an event whose data is text.</summary>
    /// <exception cref="ArgumentException"><paramref name="eventType"/> or <paramref name="id"/> contains CR or LF (or <paramref name="id"/> NUL).</exception>
    public async ValueTask WriteAsync(string data, string? eventType = null, string? id = null, TimeSpan? retry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ValidateFields(eventType, id, retry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WriteFields(eventType, id, retry);
            WriteDataLines(data.AsSpan());
            WriteByte((byte)'\n');
            await EndWriteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes an event whose data is UTF-8 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="eventType"/> or <paramref name="id"/> contains CR or LF (or <paramref name="id"/> NUL).</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> utf8Data, string? eventType = null, string? id = null, TimeSpan? retry = null, CancellationToken cancellationToken = default)
    {
        ValidateFields(eventType, id, retry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WriteFields(eventType, id, retry);
            WriteDataLines(utf8Data.Span);
            WriteByte((byte)'\n');
            await EndWriteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes an event whose data is <paramref name="data"/> as JSON, serialised straight into the response.</summary>
    /// <exception cref="ArgumentException"><paramref name="eventType"/> or <paramref name="id"/> contains CR or LF (or <paramref name="id"/> NUL).</exception>
    public async ValueTask WriteAsync<T>(T data, JsonTypeInfo<T> typeInfo, string? eventType = null, string? id = null, TimeSpan? retry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        ValidateFields(eventType, id, retry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WriteFields(eventType, id, retry);
            WriteJsonData(data, typeInfo);
            WriteByte((byte)'\n');
            await EndWriteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes a comment (ignored by clients; useful as a keep-alive or for debugging).</summary>
    public async ValueTask WriteCommentAsync(string comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comment);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WriteCommentLines(comment);
            await EndWriteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes each item of a sequence as an event, its data serialised as JSON.</summary>
    public async Task WriteAllAsync<T>(IAsyncEnumerable<SseItem<T>> items, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await WriteAsync(item.Data, typeInfo, item.EventType == SseParser.EventTypeDefault ? null : item.EventType, item.EventId, item.ReconnectionInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes each item of a sequence of text events.</summary>
    public async Task WriteAllAsync(IAsyncEnumerable<SseItem<string>> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await WriteAsync(item.Data, item.EventType == SseParser.EventTypeDefault ? null : item.EventType, item.EventId, item.ReconnectionInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends what was written since the last flush (needed only with <see cref="AutoFlush"/> off).</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _response.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the heartbeat. The response itself is completed by the runtime when the handler returns.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopHeartbeatAsync().ConfigureAwait(false);
        _json?.Dispose();
    }

    private async ValueTask StopHeartbeatAsync()
    {
        if (!_stopHeartbeat.IsCancellationRequested)
        {
            await _stopHeartbeat.CancelAsync().ConfigureAwait(false);
        }
        try
        {
            await _heartbeat.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HeartbeatLoopAsync(TimeSpan interval)
    {
        var token = _stopHeartbeat.Token;
        while (!token.IsCancellationRequested)
        {
            var idle = _time.GetElapsedTime(Interlocked.Read(ref _lastWriteTimestamp));
            if (idle < interval)
            {
                await Task.Delay(interval - idle, _time, token).ConfigureAwait(false);
                continue;
            }
            await _gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                WriteRaw(": heartbeat\n"u8);
                await EndWriteAsync(token).ConfigureAwait(false);
            }
            catch (Exception) when (!token.IsCancellationRequested)
            {
                // The connection is gone; the handler's next write reports it. Nothing left to keep alive.
                return;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private static void ValidateFields(string? eventType, string? id, TimeSpan? retry)
    {
        ServerSentEventFields.ValidateEventType(eventType);
        ServerSentEventFields.ValidateId(id);
        ServerSentEventFields.ValidateRetry(retry);
    }

    private async ValueTask EndWriteAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastWriteTimestamp, _time.GetTimestamp());
        if (AutoFlush)
        {
            await _response.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void WriteFields(string? eventType, string? id, TimeSpan? retry)
    {
        // An empty type means the default ("message"): omitting it is what every parser reads that way.
        if (!string.IsNullOrEmpty(eventType))
        {
            WriteRaw("event: "u8);
            WriteText(eventType.AsSpan());
            WriteByte((byte)'\n');
        }
        if (id is not null)
        {
            WriteRaw("id: "u8);
            WriteText(id.AsSpan());
            WriteByte((byte)'\n');
        }
        if (retry is { } interval)
        {
            WriteRaw("retry: "u8);
            var span = _response.GetSpan(20);
            Utf8Formatter.TryFormat((long)interval.TotalMilliseconds, span, out var written);
            _response.Advance(written);
            WriteByte((byte)'\n');
        }
    }

    private void WriteDataLines(ReadOnlySpan<char> data)
    {
        while (true)
        {
            var lineEnd = data.IndexOfAny('\r', '\n');
            WriteRaw("data: "u8);
            WriteText(lineEnd < 0 ? data : data[..lineEnd]);
            WriteByte((byte)'\n');
            if (lineEnd < 0)
            {
                return;
            }
            // CRLF is one line break, as a parser reads it.
            var breakLength = data[lineEnd] == '\r' && lineEnd + 1 < data.Length && data[lineEnd + 1] == '\n' ? 2 : 1;
            data = data[(lineEnd + breakLength)..];
        }
    }

    private void WriteDataLines(ReadOnlySpan<byte> data)
    {
        while (true)
        {
            var lineEnd = data.IndexOfAny((byte)'\r', (byte)'\n');
            WriteRaw("data: "u8);
            WriteRaw(lineEnd < 0 ? data : data[..lineEnd]);
            WriteByte((byte)'\n');
            if (lineEnd < 0)
            {
                return;
            }
            var breakLength = data[lineEnd] == (byte)'\r' && lineEnd + 1 < data.Length && data[lineEnd + 1] == (byte)'\n' ? 2 : 1;
            data = data[(lineEnd + breakLength)..];
        }
    }

    private void WriteCommentLines(ReadOnlySpan<char> comment)
    {
        while (true)
        {
            var lineEnd = comment.IndexOfAny('\r', '\n');
            WriteRaw(": "u8);
            WriteText(lineEnd < 0 ? comment : comment[..lineEnd]);
            WriteByte((byte)'\n');
            if (lineEnd < 0)
            {
                return;
            }
            var breakLength = comment[lineEnd] == '\r' && lineEnd + 1 < comment.Length && comment[lineEnd + 1] == '\n' ? 2 : 1;
            comment = comment[(lineEnd + breakLength)..];
        }
    }

    private void WriteJsonData<T>(T data, JsonTypeInfo<T> typeInfo)
    {
        // Compact JSON never contains a raw line break (strings escape them), so it is always a single data line.
        WriteRaw("data: "u8);
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_response, JsonOptions);
        }
        else
        {
            _json.Reset(_response);
        }
        JsonSerializer.Serialize(_json, data, typeInfo);
        _json.Flush();
        WriteByte((byte)'\n');
    }

    private void WriteText(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var slice = text.Length > CharsPerSlice ? text[..CharsPerSlice] : text;
            // Never split a surrogate pair across two encoder calls.
            if (slice.Length < text.Length && char.IsHighSurrogate(slice[^1]))
            {
                slice = slice[..^1];
            }
            var span = _response.GetSpan(Encoding.UTF8.GetMaxByteCount(slice.Length));
            _response.Advance(Encoding.UTF8.GetBytes(slice, span));
            text = text[slice.Length..];
        }
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes) => _response.Write(bytes);

    private void WriteByte(byte value)
    {
        _response.GetSpan(1)[0] = value;
        _response.Advance(1);
    }
}
