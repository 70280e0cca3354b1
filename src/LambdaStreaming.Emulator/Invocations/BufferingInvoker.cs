using System.Buffers;

namespace LambdaStreaming.Emulator.Invocations;

/// <summary>
/// An invoker that, like Lambda's synchronous paths (the Invoke API, a BUFFERED Function URL, a non-streaming REST
/// integration), answers only once the function's payload is complete, however the function sent it: buffered or
/// streamed. The invoker's connection is never cut: every outcome is a whole HTTP response.
/// </summary>
internal abstract class BufferingInvoker(InvokerResponse client) : IInvoker
{
    private readonly ArrayBufferWriter<byte> _payload = new();
    private string _contentType = "application/json";

    public Task Released => client.Released;

    public long MaxResponseBytes => LambdaLimits.BufferedPayloadBytes;

    /// <summary>The invoker's HTTP response.</summary>
    protected InvokerResponse Client => client;

    public ValueTask StartAsync(string contentType, long? contentLength)
    {
        _contentType = contentType;
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteAsync(ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            _payload.Write(segment.Span);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask CompleteAsync() => await RespondAsync(_contentType, _payload.WrittenMemory).ConfigureAwait(false);

    public abstract ValueTask<bool> FailAsync(ReadOnlyMemory<byte> errorDocument);

    public void Abort() => client.Abort();

    /// <summary>Answers the invoker with the function's whole payload.</summary>
    protected abstract ValueTask RespondAsync(string contentType, ReadOnlyMemory<byte> payload);
}
