using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LambdaStreaming.Emulator.Invocations;

/// <summary>
/// The invoker's HTTP response, written from other requests' handlers (the function's reports, the deadline).
/// </summary>
/// <remarks>
/// Writes are serialised by a lock so a timeout can't interleave with a forwarded chunk. Aborting does not take
/// the lock first: <see cref="HttpContext.Abort"/> is thread-safe and is what unblocks a write stuck on a slow
/// invoker. The invoke handler must not return before <see cref="Released"/>, because the context is only valid
/// while its request is running.
/// </remarks>
internal sealed class InvokerResponse(HttpContext context)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _started;
    private bool _ended;

    // The invoker went away: Lambda keeps running the function, so the body is still drained, just not sent.
    private bool _broken;

    /// <summary>Completes once nothing will touch the response any more.</summary>
    public Task Released => _released.Task;

    /// <summary>Whether the status line already went out (or was decided), so only an abort can signal a failure.</summary>
    public bool HasStarted => _started;

    /// <summary>
    /// Sends a status line and headers now, so the invoker sees them before the body. Extra headers may repeat a
    /// name: each value becomes its own header line (as <c>Set-Cookie</c> needs).
    /// </summary>
    public async ValueTask StartAsync(int statusCode, string? contentType, long? contentLength, IEnumerable<KeyValuePair<string, string>>? headers)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_ended || _started)
            {
                return;
            }

            _started = true;
            var response = context.Response;
            response.StatusCode = statusCode;
            AddHeaders(response, headers);
            if (contentType is not null)
            {
                response.ContentType = contentType;
            }

            response.ContentLength = contentLength;
            await response.StartAsync().ConfigureAwait(false);
            await response.BodyWriter.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsInvokerGone(ex))
        {
            _broken = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forwards one piece of the body and flushes it, so the invoker sees it now.</summary>
    public async ValueTask WriteAsync(ReadOnlySequence<byte> data)
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_ended || _broken)
            {
                return;
            }

            var writer = context.Response.BodyWriter;
            foreach (var segment in data)
            {
                writer.Write(segment.Span);
            }

            await writer.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsInvokerGone(ex))
        {
            _broken = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Ends the response normally.</summary>
    public async ValueTask CompleteAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_ended && !_broken)
            {
                await context.Response.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (IsInvokerGone(ex))
        {
        }
        finally
        {
            End();
        }
    }

    /// <summary>
    /// Sends a whole response (status, headers, body) and ends it; or, once the status already went out, aborts.
    /// </summary>
    /// <returns>True when the response was sent whole, false when it had to be aborted.</returns>
    public async ValueTask<bool> RespondAsync(int statusCode, string? contentType, ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        if (_started)
        {
            Abort();
            return false;
        }

        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_started)
            {
                context.Abort();
                return false;
            }

            _started = true;
            if (!_ended && !_broken)
            {
                var response = context.Response;
                response.StatusCode = statusCode;
                AddHeaders(response, headers);
                if (contentType is not null)
                {
                    response.ContentType = contentType;
                }

                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body).ConfigureAwait(false);
                await response.CompleteAsync().ConfigureAwait(false);
            }

            return true;
        }
        catch (Exception ex) when (IsInvokerGone(ex))
        {
            return true;
        }
        finally
        {
            End();
        }
    }

    /// <summary>Ends the response abnormally: the invoker sees a broken connection, not a clean end.</summary>
    public void Abort()
    {
        context.Abort();
        _ = EndAfterPendingWriteAsync();
    }

    private async Task EndAfterPendingWriteAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        End();
    }

    private static void AddHeaders(HttpResponse response, IEnumerable<KeyValuePair<string, string>>? headers)
    {
        foreach (var (name, value) in headers ?? [])
        {
            response.Headers.Append(name, new StringValues(value));
        }
    }

    private static bool IsInvokerGone(Exception ex) =>
        ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException;

    // Called with the lock held.
    private void End()
    {
        _ended = true;
        _lock.Release();
        _released.TrySetResult();
    }
}
