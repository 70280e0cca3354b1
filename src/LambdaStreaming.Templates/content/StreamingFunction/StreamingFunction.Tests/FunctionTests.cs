using System.Text;
using LambdaStreaming.Hosting;
using LambdaStreaming.Testing;

namespace StreamingFunction.Tests;

public sealed class FunctionTests
{
    [Fact]
    public async Task Each_line_is_a_chunk_of_its_own()
    {
        var record = await LambdaTestHost.InvokeAsync(Function.HandleAsync, "{}");

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal("text/plain; charset=utf-8", record.ContentType);
        Assert.Equal(["line 1 of 3\n", "line 2 of 3\n", "line 3 of 3\n"], record.Chunks.Select(chunk => Encoding.UTF8.GetString(chunk.Bytes.Span)));
        Assert.Contains(record.Logs, line => line.Message == "streamed 3 lines");
    }
}
