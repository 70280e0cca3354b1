using System.Text;
using CsCheck;
using LambdaStreaming.Tests.Http;

namespace LambdaStreaming.Tests.Reliability;

/// <summary>
/// No caller string can forge an SSE event: for arbitrary <c>event</c>, <c>id</c>, <c>data</c> and comment text
/// (line breaks, NUL, "data:"-looking lines, unicode), the writer either refuses the event before writing it or a
/// real parser (<c>SseParser</c>) reads back exactly one event with exactly those fields.
/// </summary>
public sealed class SseInjectionPropertyTests
{
    private static readonly Gen<string> Hostile = Gen.OneOf(
        Gen.String,
        Gen.OneOfConst("x\nevent: forged", "x\r\ndata: forged", "x\rid: 9", "\n\n", "a\0b", ": comment", "retry: 1", "data: ok"));

    [Fact]
    public async Task Event_type_and_id_either_round_trip_or_are_refused()
    {
        await Gen.Select(Hostile, Hostile, Hostile).SampleAsync(async (data, eventType, id) =>
        {
            var forgeable = eventType.AsSpan().IndexOfAny('\r', '\n') >= 0 || id.AsSpan().IndexOfAny("\r\n\0") >= 0;
            List<System.Net.ServerSentEvents.SseItem<string>> events;
            try
            {
                events = await ServerSentEventWriterTests.WriteAndParseAsync(writer => writer.WriteAsync(data, eventType, id).AsTask());
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
            return item.Data == Normalise(data)
                && item.EventType == (eventType.Length == 0 ? "message" : Normalise(eventType))
                && item.EventId == Normalise(id);
        }, iter: 400);
    }

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
