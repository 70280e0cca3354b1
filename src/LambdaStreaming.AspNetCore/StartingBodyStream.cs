using System.Buffers;
using System.IO.Pipelines;

namespace LambdaStreaming.AspNetCore;

/// <summary><c>Response.Body</c>: each write after the start is one chunk of the runtime's stream.</summary>
internal sealed class StartingBodyStream(InvocationFeatures response, PipeWriter writer) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowUnlessSynchronousIOAllowed();
        response.StartSynchronously();
        writer.Write(buffer);
        writer.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    public override void Flush()
    {
        ThrowUnlessSynchronousIOAllowed();
        response.StartSynchronously();
        writer.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void ThrowUnlessSynchronousIOAllowed()
    {
        if (!response.AllowSynchronousIO)
        {
            throw new InvalidOperationException("Synchronous operations are disallowed. Call WriteAsync or set AllowSynchronousIO to true instead.");
        }
    }
}
