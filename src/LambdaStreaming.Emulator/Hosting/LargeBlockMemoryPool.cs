using System.Buffers;

namespace LambdaStreaming.Emulator.Hosting;

/// <summary>
/// A memory pool whose smallest block is <see cref="BlockSize"/> bytes, for Kestrel's socket transport.
/// </summary>
/// <remarks>
/// Kestrel's own pool hands out 4 KiB blocks, and its transport receives into one block per call, so a function
/// streaming 100 MiB cost the emulator 25,600 receive calls and capped local throughput near 350 MB/s on a 2-core
/// machine, below what the functions under test could send. With 64 KiB blocks one call takes what a sender's
/// 64 KiB write delivered. Blocks come from <see cref="ArrayPool{T}.Shared"/>; nothing here needs pinned memory,
/// since the sockets transport pins a buffer for the duration of each operation.
/// </remarks>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    /// <summary>The size of the smallest block handed out.</summary>
    public const int BlockSize = 64 * 1024;

    /// <inheritdoc />
    public override int MaxBufferSize => Array.MaxLength;

    /// <inheritdoc />
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, MaxBufferSize);
        return new Block(ArrayPool<byte>.Shared.Rent(Math.Max(minBufferSize, BlockSize)));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Blocks belong to the shared array pool, which outlives this one.
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(LargeBlockMemoryPool));

        // A second Dispose must not return the array twice: two later renters would share it.
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                ArrayPool<byte>.Shared.Return(returned);
            }
        }
    }
}
