using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using LambdaStreaming.Emulator.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LambdaStreaming.Emulator.Tests;

public sealed class LargeBlockMemoryPoolTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(2048)]
    [InlineData(LargeBlockMemoryPool.BlockSize)]
    public void A_small_request_still_gets_a_whole_block(int minBufferSize)
    {
        using var pool = new LargeBlockMemoryPool();
        using var block = pool.Rent(minBufferSize);

        Assert.True(block.Memory.Length >= LargeBlockMemoryPool.BlockSize, $"got {block.Memory.Length} bytes");
    }

    [Fact]
    public void A_request_above_the_block_size_gets_at_least_what_it_asked_for()
    {
        using var pool = new LargeBlockMemoryPool();
        using var block = pool.Rent(300_000);

        Assert.True(block.Memory.Length >= 300_000, $"got {block.Memory.Length} bytes");
    }

    [Fact]
    public void A_block_disposed_twice_goes_back_to_the_array_pool_once()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        var size = block.Memory.Length;
        block.Dispose();
        block.Dispose();

        // Returned twice, the same array would come out of the shared pool for both of the next two renters.
        using var first = pool.Rent(size);
        using var second = pool.Rent(size);
        Assert.NotSame(ArrayOf(first), ArrayOf(second));
    }

    [Fact]
    public void A_disposed_block_refuses_its_memory()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();

        Assert.Throws<ObjectDisposedException>(() => block.Memory);
    }

    [Fact]
    public async Task The_emulators_servers_receive_into_large_blocks_without_a_zero_byte_read_first()
    {
        await using var server = Hosting.EmulatorServer.Create(new IPEndPoint(IPAddress.Loopback, 0));

        // Kestrel's sockets transport takes its pool factory from the container, so the registration that
        // resolves is the one in force.
        Assert.IsType<LargeBlockMemoryPoolFactory>(server.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        Assert.False(server.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.WaitForDataBeforeAllocatingBuffer);
    }

    private static byte[] ArrayOf(IMemoryOwner<byte> block) =>
        MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not array-backed");
}
