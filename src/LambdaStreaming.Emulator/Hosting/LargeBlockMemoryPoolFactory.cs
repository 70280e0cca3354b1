using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace LambdaStreaming.Emulator.Hosting;

/// <summary>Gives Kestrel <see cref="LargeBlockMemoryPool"/>s instead of its 4 KiB-block pools.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    /// <inheritdoc />
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
