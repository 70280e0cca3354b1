using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using CsCheck;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Http;

/// <summary>
/// The SSE writer at its edges: refused arguments and their messages, the retry bounds, comments and UTF-8 data
/// with every kind of line break, text longer than one encoding slice, the default event type in sequences, JSON as
/// the type info writes it, and the gate after a failed flush. Events are read back with .NET's <see cref="SseParser"/>;
/// what a parser can't see (comments, an omitted <c>event:</c> line) is compared byte for byte.
/// </summary>
public sealed class ServerSentEventEdgeTests
{
    [Fact]
    public async Task Null_text_data_is_refused_naming_data_and_nothing_is_written()
    {
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ArgumentNullException>(async () => await writer.WriteAsync((string)null!));

        Assert.Equal("data", refused.ParamName);
        Assert.Empty(await output.ReadAllAsync());
    }

    [Fact]
    public async Task Null_type_info_is_refused_naming_typeInfo_and_nothing_is_written()
    {
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ArgumentNullException>(async () => await writer.WriteAsync(new Tick("t", 1), (JsonTypeInfo<Tick>)null!));

        Assert.Equal("typeInfo", refused.ParamName);
        Assert.Empty(await output.ReadAllAsync());
    }

    [Fact]
    public async Task A_null_comment_is_refused_naming_comment_and_nothing_is_written()
    {
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ArgumentNullException>(async () => await writer.WriteCommentAsync(null!));

        Assert.Equal("comment", refused.ParamName);
        Assert.Empty(await output.ReadAllAsync());
    }

    [Fact]
    public async Task A_null_sequence_is_refused_naming_items_by_both_WriteAllAsync_overloads()
    {
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        var json = await Assert.ThrowsAsync<ArgumentNullException>(() => writer.WriteAllAsync(null!, SseTestJson.Default.Tick));
        var text = await Assert.ThrowsAsync<ArgumentNullException>(() => writer.WriteAllAsync((IAsyncEnumerable<SseItem<string>>)null!));

        Assert.Equal("items", json.ParamName);
        Assert.Equal("items", text.ParamName);
        Assert.Empty(await output.ReadAllAsync());
    }

    [Fact]
    public async Task An_event_type_with_a_line_break_is_refused_with_a_message_saying_why()
    {
        var writer = new ServerSentEventWriter(new FlakyPipeWriter(), null, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync("x", eventType: "a\nb"));

        Assert.Equal("eventType", refused.ParamName);
        Assert.Equal("An SSE event type must not contain CR or LF: they would let the value forge other fields or events. (Parameter 'eventType')", refused.Message);
    }

    [Fact]
    public async Task An_id_with_a_line_break_or_NUL_is_refused_with_a_message_saying_why()
    {
        var writer = new ServerSentEventWriter(new FlakyPipeWriter(), null, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteAsync("x", id: "1\0"));

        Assert.Equal("id", refused.ParamName);
        Assert.Equal("An SSE id must not contain CR, LF or NUL. (Parameter 'id')", refused.Message);
    }

    [Fact]
    public async Task A_negative_retry_is_refused_with_a_message_saying_why()
    {
        var writer = new ServerSentEventWriter(new FlakyPipeWriter(), null, TimeProvider.System);
        var retry = TimeSpan.FromMilliseconds(-1);

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await writer.WriteAsync("x", retry: retry));

        Assert.Equal("retry", refused.ParamName);
        Assert.Equal(retry, refused.ActualValue);
        Assert.Equal($"An SSE retry must be a non-negative number of milliseconds. (Parameter 'retry'){Environment.NewLine}Actual value was -00:00:00.0010000.", refused.Message);
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1L, "1")]
    [InlineData((long)int.MaxValue, "2147483647")]
    public async Task A_retry_from_zero_to_int_MaxValue_milliseconds_is_sent(long milliseconds, string field)
    {
        var retry = TimeSpan.FromMilliseconds(milliseconds);
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        await writer.WriteAsync("x", retry: retry);

        var bytes = await output.ReadAllAsync();
        Assert.Equal($"retry: {field}\ndata: x\n\n", Encoding.UTF8.GetString(bytes));
        Assert.Equal(retry, Assert.Single(Parse(bytes)).ReconnectionInterval);
    }

    public static TheoryData<TimeSpan> RetriesOutOfRange =>
    [
        TimeSpan.FromTicks(-1),
        TimeSpan.FromMilliseconds(-1),
        TimeSpan.MinValue,
        TimeSpan.FromMilliseconds(int.MaxValue) + TimeSpan.FromTicks(1),
        TimeSpan.FromMilliseconds(int.MaxValue + 1L),
        TimeSpan.MaxValue,
    ];

    [Theory]
    [MemberData(nameof(RetriesOutOfRange))]
    public async Task A_retry_below_zero_or_above_int_MaxValue_milliseconds_is_refused_before_anything_is_written(TimeSpan retry)
    {
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await writer.WriteAsync("x", retry: retry));
        var refusedBytes = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await writer.WriteAsync("x"u8.ToArray(), retry: retry));
        var refusedJson = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await writer.WriteAsync(new Tick("t", 1), SseTestJson.Default.Tick, retry: retry));

        Assert.All(new[] { refused, refusedBytes, refusedJson }, e => Assert.Equal("retry", e.ParamName));
        Assert.Empty(await output.ReadAllAsync());
    }

    [Theory]
    [InlineData("hello", ": hello\n")]
    [InlineData("", ": \n")]
    [InlineData("a\nb", ": a\n: b\n")]
    [InlineData("a\rb", ": a\n: b\n")]
    [InlineData("a\r\nb", ": a\n: b\n")]
    [InlineData("a\n\nb", ": a\n: \n: b\n")]
    [InlineData("a\r\rb", ": a\n: \n: b\n")]
    [InlineData("a\n\rb", ": a\n: \n: b\n")]
    [InlineData("a\r\n\r\nb", ": a\n: \n: b\n")]
    [InlineData("\nafter", ": \n: after\n")]
    [InlineData("\r\nafter", ": \n: after\n")]
    [InlineData("before\r", ": before\n: \n")]
    [InlineData("before\r\n", ": before\n: \n")]
    [InlineData("note\ndata: not an event", ": note\n: data: not an event\n")]
    public async Task A_comment_is_one_comment_line_per_line_whatever_the_line_break(string comment, string expected)
    {
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        await writer.WriteCommentAsync(comment);

        var bytes = await output.ReadAllAsync();
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
        Assert.Empty(Parse(bytes));
    }

    [Fact]
    public async Task Any_comment_splits_into_the_lines_the_SSE_grammar_reads_CRLF_CR_and_LF()
    {
        var text = Gen.String[Gen.Char[" ab\r\n\t"], 0, 40];
        await text.SampleAsync(async comment =>
        {
            var output = new FlakyPipeWriter();
            var writer = new ServerSentEventWriter(output, null, TimeProvider.System);
            await writer.WriteCommentAsync(comment);

            var expected = string.Concat(Regex.Split(comment, "\r\n|\r|\n").Select(line => $": {line}\n"));
            Assert.Equal(expected, Encoding.UTF8.GetString(await output.ReadAllAsync()));
        }, iter: 300);
    }

    [Theory]
    [InlineData("line1\nline2")]
    [InlineData("line1\rline2")]
    [InlineData("line1\r\nline2")]
    [InlineData("a\n\nb\r\rc\r\n\r\nd")]
    [InlineData("\r\nstarts")]
    [InlineData("ends\r")]
    [InlineData("data: fake\n\nevent: forged")]
    public async Task UTF8_data_with_line_breaks_becomes_separate_data_lines(string data)
    {
        var events = await ServerSentEventWriterTests.WriteAndParseAsync(async writer => await writer.WriteAsync(Encoding.UTF8.GetBytes(data)));

        Assert.Equal(Normalise(data), Assert.Single(events).Data);
    }

    [Fact]
    public async Task Arbitrary_UTF8_data_round_trips_through_SseParser()
    {
        var text = Gen.String[Gen.Char["ab é€\r\n"], 0, 60];
        await text.SampleAsync(async data =>
        {
            var events = await ServerSentEventWriterTests.WriteAndParseAsync(async writer => await writer.WriteAsync(Encoding.UTF8.GetBytes(data)));
            Assert.Equal(Normalise(data), Assert.Single(events).Data);
        }, iter: 200);
    }

    [Fact]
    public async Task Text_much_longer_than_one_slice_round_trips_and_is_encoded_in_bounded_memory_requests()
    {
        var data = string.Concat(Enumerable.Range(0, 20_000).Select(i => (i % 4) switch { 0 => "a", 1 => "é", 2 => "€", _ => "😀" }));
        var type = new string('t', 5000) + "é";
        var id = "€" + new string('i', 5000);
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        await writer.WriteAsync(data, type, id);

        var item = Assert.Single(Parse(await output.ReadAllAsync()));
        Assert.Equal((data, type, id), (item.Data, item.EventType, item.EventId));
        // However long the text, the writer never asks the response for more than a few KiB at once.
        Assert.InRange(output.LargestSizeHint, 1, 16 * 1024);
    }

    [Theory]
    [InlineData(2045)]
    [InlineData(2046)]
    [InlineData(2047)]
    [InlineData(2048)]
    [InlineData(4094)]
    [InlineData(4095)]
    public async Task A_surrogate_pair_across_a_2048_char_boundary_is_encoded_whole(int position)
    {
        var text = new string('a', position) + "😀" + "b";
        var events = await ServerSentEventWriterTests.WriteAndParseAsync(async writer =>
        {
            await writer.WriteAsync(text);
            await writer.WriteAsync("x", eventType: text, id: text);
        });

        Assert.Equal(text, events[0].Data);
        Assert.Equal((text, text), (events[1].EventType, events[1].EventId));
    }

    [Fact]
    public async Task Emoji_all_along_a_long_text_are_never_split()
    {
        var text = "a" + string.Concat(Enumerable.Repeat("😀", 5000));
        var events = await ServerSentEventWriterTests.WriteAndParseAsync(async writer => await writer.WriteAsync(text));

        Assert.Equal(text, Assert.Single(events).Data);
    }

    [Theory]
    [InlineData("end\uD800")]
    [InlineData("end\uD800\nnext")]
    [InlineData("\uD800")]
    public async Task A_lone_high_surrogate_at_the_end_of_a_line_is_sent_as_a_replacement_character(string data)
    {
        // Run aside from the test thread, so that an encoder loop that never ends fails the test instead of hanging it.
        var events = await Task.Run(() => ServerSentEventWriterTests.WriteAndParseAsync(async writer =>
        {
            await writer.WriteAsync(data);
            await writer.WriteAsync("x", eventType: "type\uD800", id: "id\uD800");
        })).WithGuard();

        Assert.Equal(data.Replace('\uD800', '\uFFFD'), events[0].Data);
        Assert.Equal(("type\uFFFD", "id\uFFFD"), (events[1].EventType, events[1].EventId));
    }

    [Fact]
    public async Task WriteAllAsync_of_text_items_sends_the_default_type_as_no_event_line()
    {
        static async IAsyncEnumerable<SseItem<string>> Items()
        {
            await Task.Yield();
            yield return new SseItem<string>("one");
            yield return new SseItem<string>("two", "update") { EventId = "2", ReconnectionInterval = TimeSpan.FromSeconds(5) };
            yield return new SseItem<string>("three", "message");
        }
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        await writer.WriteAllAsync(Items());

        var bytes = await output.ReadAllAsync();
        Assert.Equal("data: one\n\nevent: update\nid: 2\nretry: 5000\ndata: two\n\ndata: three\n\n", Encoding.UTF8.GetString(bytes));
        var events = Parse(bytes);
        Assert.Equal([("message", "one"), ("update", "two"), ("message", "three")], events.Select(e => (e.EventType, e.Data)));
        Assert.Equal(TimeSpan.FromSeconds(5), events[1].ReconnectionInterval);
    }

    [Fact]
    public async Task WriteAllAsync_of_json_items_sends_the_default_type_as_no_event_line()
    {
        static async IAsyncEnumerable<SseItem<Tick>> Items()
        {
            await Task.Yield();
            yield return new SseItem<Tick>(new Tick("a", 1));
            yield return new SseItem<Tick>(new Tick("b", 2), "update") { EventId = "2", ReconnectionInterval = TimeSpan.FromSeconds(5) };
            yield return new SseItem<Tick>(new Tick("c", 3), "message");
        }
        static string Json(Tick tick) => JsonSerializer.Serialize(tick, SseTestJson.Default.Tick);
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        await writer.WriteAllAsync(Items(), SseTestJson.Default.Tick);

        var bytes = await output.ReadAllAsync();
        Assert.Equal(
            $"data: {Json(new Tick("a", 1))}\n\nevent: update\nid: 2\nretry: 5000\ndata: {Json(new Tick("b", 2))}\n\ndata: {Json(new Tick("c", 3))}\n\n",
            Encoding.UTF8.GetString(bytes));
        var events = Parse(bytes);
        Assert.Equal(["message", "update", "message"], events.Select(e => e.EventType));
        Assert.Equal([1, 2, 3], events.Select(e => JsonSerializer.Deserialize(e.Data, SseTestJson.Default.Tick)!.Value));
    }

    [Fact]
    public async Task Json_data_is_sent_as_the_type_info_writes_it_without_revalidating_it()
    {
        // The writer trusts the serializer's output (it skips the JSON writer's structural checks): a converter that
        // writes two root values has them sent as they are, in one data line.
        var typeInfo = JsonMetadataServices.CreateValueInfo<Tick>(new JsonSerializerOptions { TypeInfoResolver = SseTestJson.Default }, new TwoRootValuesConverter());
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        await writer.WriteAsync(new Tick("t", 1), typeInfo);
        await writer.WriteAsync(new Tick("t", 5), typeInfo);

        Assert.Equal("data: 1,2\n\ndata: 5,6\n\n", Encoding.UTF8.GetString(await output.ReadAllAsync()));
    }

    [Theory]
    [InlineData("event")]
    [InlineData("bytes")]
    [InlineData("json")]
    [InlineData("comment")]
    [InlineData("flush")]
    public async Task A_write_after_a_failed_flush_is_not_held_by_the_gate(string failing)
    {
        var output = new FlakyPipeWriter(failingFlushes: 1);
        var writer = new ServerSentEventWriter(output, null, TimeProvider.System);

        await Assert.ThrowsAsync<IOException>(async () =>
        {
            switch (failing)
            {
                case "event": await writer.WriteAsync("lost"); break;
                case "bytes": await writer.WriteAsync("lost"u8.ToArray()); break;
                case "json": await writer.WriteAsync(new Tick("lost", 0), SseTestJson.Default.Tick); break;
                case "comment": await writer.WriteCommentAsync("lost"); break;
                default: await writer.FlushAsync(); break;
            }
        });
        await writer.WriteCommentAsync("still open").AsTask().WithGuard();
        await writer.WriteAsync("after").AsTask().WithGuard();
        await writer.FlushAsync().AsTask().WithGuard();
        await writer.DisposeAsync().AsTask().WithGuard();

        Assert.Equal("after", Parse(await output.ReadAllAsync())[^1].Data);
    }

    [Fact]
    public async Task Disposing_twice_or_after_the_heartbeat_was_stopped_is_harmless()
    {
        var output = new FlakyPipeWriter();
        var writer = new ServerSentEventWriter(output, TimeSpan.FromSeconds(15), TimeProvider.System);
        await writer.WriteAsync(new Tick("t", 1), SseTestJson.Default.Tick);

        await writer.StopHeartbeatAsync().AsTask().WithGuard();
        await writer.DisposeAsync().AsTask().WithGuard();
        await writer.DisposeAsync().AsTask().WithGuard();

        Assert.Equal(1, JsonSerializer.Deserialize(Assert.Single(Parse(await output.ReadAllAsync())).Data, SseTestJson.Default.Tick)!.Value);
    }

    private static List<SseItem<string>> Parse(byte[] bytes) => SseParser.Create(new MemoryStream(bytes)).Enumerate().ToList();

    private static string Normalise(string text) =>
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)).Replace("\r\n", "\n").Replace('\r', '\n');

    private sealed class TwoRootValuesConverter : JsonConverter<Tick>
    {
        public override Tick Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Tick value, JsonSerializerOptions options)
        {
            writer.WriteNumberValue(value.Value);
            writer.WriteNumberValue(value.Value + 1);
        }
    }
}
