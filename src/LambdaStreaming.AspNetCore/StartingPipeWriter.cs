using System.IO.Pipelines;

namespace LambdaStreaming.AspNetCore;

/// <summary>
/// <c>Response.BodyWriter</c>: the runtime's own pipe (or the buffered body), which starts the response (OnStarting,
/// then the prelude) before the first byte. ASP.NET Core's writers call <c>StartAsync</c> before asking for memory;
/// memory asked for earlier starts the response there and then.
/// </summary>
internal sealed class StartingPipeWriter(InvocationFeatures response, PipeWriter inner) : PipeWriter
{
    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        response.StartSynchronously();
        return inner.GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        response.StartSynchronously();
        return inner.GetSpan(sizeHint);
    }

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        response.HasStarted ? inner.FlushAsync(cancellationToken) : StartThenFlushAsync(cancellationToken);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
        response.HasStarted ? inner.WriteAsync(source, cancellationToken) : StartThenWriteAsync(source, cancellationToken);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    // The runtime ends the stream when the request delegate returns; completing here only marks the body done.
    public override void Complete(Exception? exception = null)
    {
    }

    public override ValueTask CompleteAsync(Exception? exception = null) => new(response.StartAsync());

    private async ValueTask<FlushResult> StartThenFlushAsync(CancellationToken cancellationToken)
    {
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        return await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<FlushResult> StartThenWriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        return await inner.WriteAsync(source, cancellationToken).ConfigureAwait(false);
    }
}
