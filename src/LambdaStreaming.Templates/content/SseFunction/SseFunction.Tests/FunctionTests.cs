using LambdaStreaming.Hosting;
using LambdaStreaming.Http;
using LambdaStreaming.Testing;

namespace SseFunction.Tests;

public sealed class FunctionTests
{
    [Fact]
    public async Task The_stream_is_count_tick_events_after_an_event_stream_prelude()
    {
        var request = new FunctionUrlRequest { RawPath = "/", QueryStringParameters = new Dictionary<string, string> { ["count"] = "3", ["intervalMs"] = "0" } };

        var record = await LambdaTestHost.InvokeAsync(HttpEventJsonContext.Default.FunctionUrlRequest, Function.HandleAsync, request);

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal(200, record.Prelude!.StatusCode);
        Assert.StartsWith("text/event-stream", record.Prelude.Headers["content-type"]);
        Assert.Equal(["1 tick 1 of 3", "2 tick 2 of 3", "3 tick 3 of 3"], record.ServerSentEvents().Select(item => $"{item.EventId} {item.Data}"));
        // Each event flushed as it was written: one chunk each (the first after the prelude, in the same flush).
        Assert.Equal(3, record.Chunks.Count);
    }
}
