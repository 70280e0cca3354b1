using System.Text;
using CsCheck;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.Http;

namespace LambdaStreaming.Tests.Reliability;

/// <summary>
/// No caller string can forge an SSE event: for arbitrary <c>event</c>, <c>id</c>, <c>data</c> and comment text
/// (line breaks, NUL, "data:"-looking lines, unicode), the writer either refuses the event before writing it or a
/// real parser (<c>SseParser</c>) reads back exactly one event with exactly those fields.
/// </summary>
public sealed class SseInjectionPropertyTests
{
    // Fragments of which half are the characters that split or forge lines (CR, LF, CRLF, NUL, ':', field-looking
    // text) or non-ASCII, so most samples carry several of them (Gen.String alone seldom yields a CR).
    private static readonly Gen<string> Fragment = Gen.OneOf(
        Gen.String[0, 6],
        Gen.OneOfConst("\r", "\n", "\r\n", "\0", ":", " ", "é", "€", "😀", "data: x", "event: forged", "id: 9", "retry: 1", ": comment"));

    internal static readonly Gen<string> Hostile = Fragment.List[1, 8].Select(parts => string.Concat(parts));

    /// <summary>How the data is handed to the writer: its three overloads must be equally safe.</summary>
    public enum DataOverload
    {
        Text,
        Utf8Bytes,
        Json,
    }

    [Theory]
    [InlineData(DataOverload.Text)]
    [InlineData(DataOverload.Utf8Bytes)]
    [InlineData(DataOverload.Json)]
    public async Task Event_type_and_id_either_round_trip_or_are_refused(DataOverload overload)
    {
        await Gen.Select(Hostile, Hostile, Hostile).SampleAsync(async (data, eventType, id) =>
        {
            var forgeable = eventType.AsSpan().IndexOfAny('\r', '\n') >= 0 || id.AsSpan().IndexOfAny("\r\n\0") >= 0;
            List<System.Net.ServerSentEvents.SseItem<string>> events;
            try
            {
                events = await ServerSentEventWriterTests.WriteAndParseAsync(writer => WriteAsync(writer, overload, data, eventType, id));
            }
            catch (ArgumentException)
            {
                return forgeable;
            }

            if (forgeable)
            {
                return false;
            }

            var item = Assert.Single(events);
            var readBack = overload == DataOverload.Json ? System.Text.Json.JsonSerializer.Deserialize(item.Data, SseTestJson.Default.String) : item.Data;
            var expected = overload == DataOverload.Json ? Utf8RoundTrip(data) : Normalise(data);
            return readBack == expected
                && item.EventType == (eventType.Length == 0 ? "message" : Normalise(eventType))
                && item.EventId == Normalise(id);
        }, iter: 400);
    }

    [Theory]
    [InlineData(DataOverload.Text)]
    [InlineData(DataOverload.Utf8Bytes)]
    [InlineData(DataOverload.Json)]
    public async Task Data_with_a_lone_CR_cannot_forge_a_second_event(DataOverload overload)
    {
        const string data = "a\revent: forged\r\rdata: x";
        var events = await ServerSentEventWriterTests.WriteAndParseAsync(writer => WriteAsync(writer, overload, data, null, null));

        var item = Assert.Single(events);
        Assert.Equal("message", item.EventType);
        Assert.Equal(overload == DataOverload.Json ? "\"a\\revent: forged\\r\\rdata: x\"" : "a\nevent: forged\n\ndata: x", item.Data);
    }

    private static Task WriteAsync(ServerSentEventWriter writer, DataOverload overload, string data, string? eventType, string? id) => overload switch
    {
        DataOverload.Text => writer.WriteAsync(data, eventType, id).AsTask(),
        DataOverload.Utf8Bytes => writer.WriteAsync(Encoding.UTF8.GetBytes(data), eventType, id).AsTask(),
        _ => writer.WriteAsync(data, SseTestJson.Default.String, eventType, id).AsTask(),
    };

    private static string Utf8RoundTrip(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task A_comment_never_becomes_an_event_whatever_it_contains()
    {
        await Hostile.SampleAsync(async comment =>
        {
            var events = await ServerSentEventWriterTests.WriteAndParseAsync(async writer =>
            {
                await writer.WriteCommentAsync(comment);
                await writer.WriteAsync("after");
            });

            // Only the one real event: nothing the comment carried was read as a field.
            return events.Count == 1 && events[0].Data == "after" && events[0].EventType == "message" && events[0].EventId is null;
        }, iter: 400);
    }

    private static string Normalise(string text) =>
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)).Replace("\r\n", "\n").Replace('\r', '\n');
}
