using System.IO.Pipelines;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LambdaStreaming.Tests.Http;

/// <summary>Everything the SSE writer produces is read back with .NET's own <see cref="SseParser"/>.</summary>
public sealed class ServerSentEventWriterTests
{
    [Fact]
    public async Task Events_round_trip_through_SseParser_with_type_id_and_retry()
    {
        var events = await WriteAndParseAsync(async writer =>
        {
            await writer.WriteAsync("hello", "greeting", "1", TimeSpan.FromSeconds(3));
            await writer.WriteAsync("world"u8.ToArray(), id: "2");
        });

        Assert.Equal(2, events.Count);
        Assert.Equal(("greeting", "hello", "1"), (events[0].EventType, events[0].Data, events[0].EventId));
        Assert.Equal(TimeSpan.FromSeconds(3), events[0].ReconnectionInterval);
        Assert.Equal(("message", "world", "2"), (events[1].EventType, events[1].Data, events[1].EventId));
    }

    [Fact]
    public async Task Each_event_is_flushed_as_written()
    {
        var pipe = new Pipe();
        var writer = new ServerSentEventWriter(pipe.Writer, null, TimeProvider.System);

        await writer.WriteAsync("one", "tick");
        var read = await pipe.Reader.ReadAsync().AsTask().WithGuard();

        Assert.Equal("event: tick\ndata: one\n\n", Encoding.UTF8.GetString(read.Buffer));
    }

    [Fact]
    public async Task Batched_events_wait_for_an_explicit_flush()
    {
        var pipe = new Pipe();
        var writer = new ServerSentEventWriter(pipe.Writer, null, TimeProvider.System) { AutoFlush = false };
        await writer.WriteAsync("a");
        await writer.WriteAsync("b");
        Assert.False(pipe.Reader.TryRead(out _));

        await writer.FlushAsync();
        var read = await pipe.Reader.ReadAsync().AsTask().WithGuard();
        Assert.Equal("data: a\n\ndata: b\n\n", Encoding.UTF8.GetString(read.Buffer));
    }

    [Theory]
    [InlineData("line1\nline2", "data: line1\ndata: line2\n\n")]
    [InlineData("line1\rline2", "data: line1\ndata: line2\n\n")]
    [InlineData("line1\r\nline2", "data: line1\ndata: line2\n\n")]
    [InlineData("ends\n", "data: ends\ndata: \n\n")]
    [InlineData("", "data: \n\n")]
    [InlineData("data: fake\n\nevent: forged", "data: data: fake\ndata: \ndata: event: forged\n\n")]
    public async Task Line_breaks_in_data_become_separate_data_lines(string data, string expected)
    {
        var pipe = new Pipe();
        var writer = new ServerSentEventWriter(pipe.Writer, null, TimeProvider.System);
        await writer.WriteAsync(data);
        var read = await pipe.Reader.ReadAsync().AsTask().WithGuard();
        Assert.Equal(expected, Encoding.UTF8.GetString(read.Buffer));
    }

    [Theory]
    [InlineData("evil\ndata: forged", null)]
    [InlineData("evil\r", null)]
    [InlineData(null, "1\n\ndata: forged")]
    [InlineData(null, "1\r")]
    [InlineData(null, "1\0")]
    public async Task Event_type_or_id_that_could_forge_fields_is_rejected_before_anything_is_written(string? eventType, string? id)
    {
        var pipe = new Pipe();
        var writer = new ServerSentEventWriter(pipe.Writer, null, TimeProvider.System);

        await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync("x", eventType, id));
        await pipe.Writer.CompleteAsync();
        var result = await pipe.Reader.ReadAsync().AsTask().WithGuard();
        Assert.True(result.Buffer.IsEmpty);
    }

    [Fact]
    public async Task Json_data_is_serialised_with_source_generated_metadata_into_one_data_line()
    {
        var events = await WriteAndParseAsync(async writer =>
            await writer.WriteAsync(new Tick("multi\nline", 42), SseTestJson.Default.Tick, "update", "7"));

        var tick = JsonSerializer.Deserialize(Assert.Single(events).Data, SseTestJson.Default.Tick);
        Assert.Equal(new Tick("multi\nline", 42), tick);
    }

    [Fact]
    public async Task Async_sequence_of_SseItems_is_written_as_events()
    {
        static async IAsyncEnumerable<SseItem<Tick>> Ticks()
        {
            for (var i = 0; i < 3; i++)
            {
                await Task.Yield();
                yield return new SseItem<Tick>(new Tick("t", i), "update") { EventId = $"{i}" };
            }
        }

        var events = await WriteAndParseAsync(writer => writer.WriteAllAsync(Ticks(), SseTestJson.Default.Tick));

        Assert.Equal(["0", "1", "2"], events.Select(e => e.EventId));
        Assert.All(events, e => Assert.Equal("update", e.EventType));
        Assert.Equal([0, 1, 2], events.Select(e => JsonSerializer.Deserialize(e.Data, SseTestJson.Default.Tick)!.Value));
    }

    [Fact]
    public async Task Comments_are_ignored_by_parsers_and_multi_line_comments_stay_comments()
    {
        var events = await WriteAndParseAsync(async writer =>
        {
            await writer.WriteCommentAsync("note\ndata: not an event");
            await writer.WriteAsync("real");
        });

        Assert.Equal("real", Assert.Single(events).Data);
    }

    [Fact]
    public async Task Heartbeat_comment_is_sent_after_the_idle_interval()
    {
        var time = new FakeTimeProvider();
        var pipe = new Pipe();
        var writer = new ServerSentEventWriter(pipe.Writer, TimeSpan.FromSeconds(15), time);

        time.Advance(TimeSpan.FromSeconds(15));
        var read = await pipe.Reader.ReadAsync().AsTask().WithGuard();
        Assert.Equal(": heartbeat\n", Encoding.UTF8.GetString(read.Buffer));
        pipe.Reader.AdvanceTo(read.Buffer.End);

        await writer.DisposeAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        await pipe.Writer.CompleteAsync();
        var after = await pipe.Reader.ReadAsync().AsTask().WithGuard();
        Assert.True(after.Buffer.IsEmpty);
    }

    [Fact]
    public async Task Arbitrary_strings_round_trip_through_SseParser()
    {
        var lineSafe = Gen.String.Where(s => s.IndexOfAny(['\r', '\n', '\0']) < 0);
        await Gen.Select(Gen.String, lineSafe, lineSafe).SampleAsync(async (data, eventType, id) =>
        {
            var events = await WriteAndParseAsync(writer => writer.WriteAsync(data, eventType, id).AsTask());
            var item = Assert.Single(events);
            // A parser reads CR, LF and CRLF alike as a line break; unpaired surrogates can't be UTF-8 encoded.
            Assert.Equal(Normalise(data), item.Data);
            Assert.Equal(eventType.Length == 0 ? "message" : Normalise(eventType), item.EventType);
            Assert.Equal(Normalise(id), item.EventId);
        }, iter: 300);
    }

    private static string Normalise(string text) =>
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)).Replace("\r\n", "\n").Replace('\r', '\n');

    internal static async Task<List<SseItem<string>>> WriteAndParseAsync(Func<ServerSentEventWriter, Task> write)
    {
        var pipe = new Pipe();
        var writer = new ServerSentEventWriter(pipe.Writer, null, TimeProvider.System);
        var reading = Task.Run(async () =>
        {
            var items = new List<SseItem<string>>();
            await foreach (var item in SseParser.Create(pipe.Reader.AsStream()).EnumerateAsync())
            {
                items.Add(item);
            }
            return items;
        });
        await write(writer);
        await writer.DisposeAsync();
        await pipe.Writer.CompleteAsync();
        return await reading.WithGuard();
    }
}

internal sealed record Tick(string Message, int Value);

[JsonSerializable(typeof(Tick))]
[JsonSerializable(typeof(string))]
internal sealed partial class SseTestJson : JsonSerializerContext;
