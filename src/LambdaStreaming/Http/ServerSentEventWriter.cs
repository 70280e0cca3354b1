using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaStreaming.Http;

/// <summary>
/// Writes Server-Sent Events (WHATWG HTML, "Server-sent events") into a <see cref="PipeWriter"/> (a
/// <see cref="ResponseStream"/>, through <see cref="ServerSentEventsExtensions.StartServerSentEvents"/>): each event is
/// formatted straight into the pipe's memory and, unless <see cref="AutoFlush"/> is off, sent as one chunk.
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
    private bool _faulted;

    /// <summary>Writes events into <paramref name="output"/>; <see cref="ServerSentEventsExtensions.StartServerSentEvents"/> is the public way in.</summary>
    internal ServerSentEventWriter(PipeWriter output, TimeSpan? heartbeatInterval, TimeProvider time)
    {
        _response = output;
        _time = time;
        _lastWriteTimestamp = time.GetTimestamp();
        _heartbeat = heartbeatInterval is { } interval && interval > TimeSpan.Zero ? HeartbeatLoopAsync(interval) : Task.CompletedTask;
    }

    /// <summary>Send every event as soon as it is written (the default). Turn off to batch, then call <see cref="FlushAsync"/>.</summary>
    public bool AutoFlush { get; set; } = true;

    /// <summary>Writes an event whose data is text.</summary>
    /// <exception cref="ArgumentException"><paramref name="eventType"/> or <paramref name="id"/> contains CR or LF (or <paramref name="id"/> NUL).</exception>
    public ValueTask WriteAsync(string data, string? eventType = null, string? id = null, TimeSpan? retry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return WriteEventAsync(data, static (writer, text) => writer.WriteLines("data: "u8, text.AsSpan()), eventType, id, retry, cancellationToken);
    }

    /// <summary>Writes an event whose data is UTF-8 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="eventType"/> or <paramref name="id"/> contains CR or LF (or <paramref name="id"/> NUL).</exception>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> utf8Data, string? eventType = null, string? id = null, TimeSpan? retry = null, CancellationToken cancellationToken = default) =>
        WriteEventAsync(utf8Data, static (writer, utf8) => writer.WriteLines("data: "u8, utf8.Span), eventType, id, retry, cancellationToken);

    /// <summary>Writes an event whose data is <paramref name="data"/> as JSON, serialised straight into the response.</summary>
    /// <exception cref="ArgumentException"><paramref name="eventType"/> or <paramref name="id"/> contains CR or LF (or <paramref name="id"/> NUL).</exception>
    public ValueTask WriteAsync<T>(T data, JsonTypeInfo<T> typeInfo, string? eventType = null, string? id = null, TimeSpan? retry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return WriteEventAsync((data, typeInfo), static (writer, json) => writer.WriteJsonData(json.data, json.typeInfo), eventType, id, retry, cancellationToken);
    }

    /// <summary>Writes a comment (ignored by clients; useful as a keep-alive or for debugging).</summary>
    public ValueTask WriteCommentAsync(string comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return UnderGateAsync(comment, static (writer, text) => writer.WriteLines(": "u8, text.AsSpan()), cancellationToken);
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
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) =>
        UnderGateAsync<object?>(null, write: null, cancellationToken);

    /// <summary>Stops the heartbeat. The response itself is completed by the runtime when the handler returns.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopHeartbeatAsync().ConfigureAwait(false);
        _json?.Dispose();
    }

    /// <summary>Stops the heartbeat and waits for a heartbeat being written: the body must never end in the middle of one.</summary>
    internal async ValueTask StopHeartbeatAsync()
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
            try
            {
                await UnderGateAsync<object?>(null, static (writer, _) => writer.WriteRaw(": heartbeat\n"u8), token).ConfigureAwait(false);
            }
            catch (Exception) when (!token.IsCancellationRequested)
            {
                // The connection is gone; the handler's next write reports it. Nothing left to keep alive.
                return;
            }
        }
    }

    private static void ValidateFields(string? eventType, string? id, TimeSpan? retry)
    {
        ServerSentEventFields.ValidateEventType(eventType);
        ServerSentEventFields.ValidateId(id);
        ServerSentEventFields.ValidateRetry(retry);
    }

    private async ValueTask WriteEventAsync<TData>(TData data, Action<ServerSentEventWriter, TData> writeData, string? eventType, string? id, TimeSpan? retry, CancellationToken cancellationToken)
    {
        ValidateFields(eventType, id, retry);
        await UnderGateAsync((data, writeData, eventType, id, retry), static (writer, e) =>
        {
            writer.WriteFields(e.eventType, e.id, e.retry);
            e.writeData(writer, e.data);
            writer.WriteByte((byte)'\n');
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The one place that writes: under the gate (so the heartbeat never interleaves with an event), then a flush
    /// when <see cref="AutoFlush"/> is on, or always when there is nothing to write (<see cref="FlushAsync"/>).
    /// </summary>
    private async ValueTask UnderGateAsync<TState>(TState state, Action<ServerSentEventWriter, TState>? write, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_faulted && write is not null)
            {
                throw new InvalidOperationException("An earlier event failed while it was being written (its JSON serialisation threw), so the stream ends there: it can carry no further event.");
            }
            if (write is not null)
            {
                write(this, state);
                Interlocked.Exchange(ref _lastWriteTimestamp, _time.GetTimestamp());
            }
            if (write is null || AutoFlush)
            {
                await _response.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
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

    /// <summary>
    /// Writes <paramref name="text"/> as lines, each after <paramref name="prefix"/>: CR, LF and CRLF all break a
    /// line, as a parser reads them, so no line break in the text can start another field.
    /// </summary>
    private void WriteLines<T>(ReadOnlySpan<byte> prefix, ReadOnlySpan<T> text) where T : unmanaged, IBinaryInteger<T>
    {
        var cr = T.CreateTruncating('\r');
        var lf = T.CreateTruncating('\n');
        while (true)
        {
            var lineEnd = text.IndexOfAny(cr, lf);
            WriteRaw(prefix);
            var line = lineEnd < 0 ? text : text[..lineEnd];
            if (typeof(T) == typeof(char))
            {
                WriteText(MemoryMarshal.Cast<T, char>(line));
            }
            else
            {
                WriteRaw(MemoryMarshal.Cast<T, byte>(line));
            }
            WriteByte((byte)'\n');
            if (lineEnd < 0)
            {
                return;
            }
            // CRLF is one line break.
            var breakLength = text[lineEnd].Equals(cr) && lineEnd + 1 < text.Length && text[lineEnd + 1].Equals(lf) ? 2 : 1;
            text = text[(lineEnd + breakLength)..];
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
        try
        {
            JsonSerializer.Serialize(_json, data, typeInfo);
        }
        catch
        {
            // Half an event is in the pipe: no later event may follow it, and the serializer's unflushed bytes go.
            _json.Reset();
            _faulted = true;
            throw;
        }
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
