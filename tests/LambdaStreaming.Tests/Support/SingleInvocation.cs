namespace LambdaStreaming.Tests.Support;

/// <summary>What the Runtime API received for one streamed invocation: the request head and the chunked body.</summary>
internal sealed record SingleInvocation(string Head, byte[] Body, List<int> ChunkSizes, List<string> Trailers)
{
    /// <summary>Runs the runtime against a scripted Runtime API for one invocation of <paramref name="eventJson"/>.</summary>
    public static async Task<SingleInvocation> RunAsync(StreamingHandler handler, string eventJson = "{}")
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, handler);
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-http", eventJson);
        var head = await connection.ReadHeadAsync() ?? throw new InvalidOperationException("The runtime closed the connection instead of reporting.");
        var (data, chunkSizes, trailers) = await connection.ReadChunkedBodyAsync();
        await connection.AcceptReportAsync();
        return new SingleInvocation(head, data, chunkSizes, trailers);
    }
}
