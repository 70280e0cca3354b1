using System.Text.Json;
using LambdaStreaming;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;
using LambdaStreaming.Testing;

namespace SseClock.Tests;

/// <summary>The clock's handler, invoked in memory as Lambda would invoke it behind a Function URL.</summary>
public sealed class ClockFunctionTests
{
    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<FunctionUrlRequest> Event = HttpEventJsonContext.Default.FunctionUrlRequest;

    [Fact]
    public async Task The_root_serves_the_page_whole()
    {
        var record = await LambdaTestHost.InvokeAsync(Event, ClockFunction.HandleAsync, Get("/"));

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal(200, record.Prelude!.StatusCode);
        Assert.Equal("text/html; charset=utf-8", record.Prelude.Headers["content-type"]);
        Assert.Contains("new EventSource", record.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_is_the_welcome_then_one_update_event_per_chunk_with_ids()
    {
        var record = await LambdaTestHost.InvokeAsync(Event, ClockFunction.HandleAsync, Get("/stream", "count=3&intervalMs=0"));

        var events = record.ServerSentEvents();
        Assert.Equal(["message", "update", "update", "update"], events.Select(item => item.EventType));
        Assert.Equal("connected", JsonDocument.Parse(events[0].Data).RootElement.GetProperty("message").GetString());
        Assert.Equal(["1", "2", "3"], events.Skip(1).Select(item => item.EventId));
        // One chunk per event: the welcome (after the prelude, in the same flush), then each update.
        Assert.Equal(4, record.Chunks.Count);
        Assert.Contains(record.Logs, line => line.Message == "client connected: 3 updates every 0 ms from id 1");
    }

    [Fact]
    public async Task A_reconnecting_client_carries_on_after_the_last_id_it_saw()
    {
        var request = Get("/stream", "count=2&intervalMs=0");
        request.Headers = new Dictionary<string, string> { ["last-event-id"] = "41" };

        var record = await LambdaTestHost.InvokeAsync(Event, ClockFunction.HandleAsync, request);

        Assert.Equal(["42", "43"], record.ServerSentEvents().Where(item => item.EventType == "update").Select(item => item.EventId));
    }

    // As a Function URL sends it: the raw query string, and its parameters parsed.
    private static FunctionUrlRequest Get(string path, string query = "")
    {
        var request = new FunctionUrlRequest
        {
            RawPath = path,
            RawQueryString = query,
            QueryStringParameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]),
        };
        request.RequestContext.Http.Method = "GET";
        return request;
    }
}
