using System.Net.ServerSentEvents;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Http;

/// <summary>
/// <see cref="ServerSentEventsExtensions.StartServerSentEvents"/> on a response stream whose loop side is a plain pipe:
/// what the options put in the prelude, and the heartbeat stop it leaves for the runtime to run.
/// </summary>
public sealed class ServerSentEventsExtensionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Without_options_the_response_is_a_200_with_the_event_stream_headers_and_no_cookies()
    {
        var control = new PipeResponseControl();

        await using (var events = control.Stream.StartServerSentEvents())
        {
            await events.WriteAsync("hello");
        }

        Assert.Equal(HttpPreludeWriter.ContentType, control.ContentType);
        var (prelude, body) = HttpResponsePreludeTests.SplitPrelude(await control.ReadAllAsync());
        Assert.Equal(["statusCode", "headers"], prelude.EnumerateObject().Select(p => p.Name));
        Assert.Equal(200, prelude.GetProperty("statusCode").GetInt32());
        Assert.Equal(
            [("content-type", "text/event-stream; charset=utf-8"), ("cache-control", "no-cache"), ("x-accel-buffering", "no")],
            prelude.GetProperty("headers").EnumerateObject().Select(p => (p.Name, p.Value.GetString())));
        Assert.Equal("hello", Assert.Single(SseParser.Create(new MemoryStream(body)).Enumerate()).Data);
    }

    [Fact]
    public async Task The_options_status_code_headers_and_cookies_reach_the_prelude()
    {
        var control = new PipeResponseControl();
        var options = new ServerSentEventOptions { StatusCode = 202 };
        options.Headers["X-Trace"] = "abc";
        options.Headers["Cache-Control"] = "no-store";
        options.Cookies.Add("session=1; HttpOnly");
        options.Cookies.Add("theme=dark");

        await using (control.Stream.StartServerSentEvents(options))
        {
        }

        var (prelude, _) = HttpResponsePreludeTests.SplitPrelude(await control.ReadAllAsync());
        Assert.Equal(202, prelude.GetProperty("statusCode").GetInt32());
        var headers = prelude.GetProperty("headers");
        Assert.Equal("text/event-stream; charset=utf-8", headers.GetProperty("content-type").GetString());
        // Header names match whatever their case: the option replaces the default instead of adding a second one.
        Assert.Equal("no-store", headers.GetProperty("cache-control").GetString());
        Assert.Equal("abc", headers.GetProperty("X-Trace").GetString());
        Assert.Equal(4, headers.EnumerateObject().Count());
        Assert.Equal(["session=1; HttpOnly", "theme=dark"], prelude.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task An_option_that_could_forge_a_header_is_refused_before_anything_is_written()
    {
        var control = new PipeResponseControl();
        var options = new ServerSentEventOptions();
        options.Cookies.Add("a=1\r\nx-forged: 1");

        Assert.Throws<ArgumentException>(() => control.Stream.StartServerSentEvents(options));

        Assert.Empty(control.CompletingCallbacks);
        Assert.Empty(await control.ReadAllAsync());
    }

    [Fact]
    public void A_null_response_is_refused_naming_response()
    {
        var refused = Assert.Throws<ArgumentNullException>(() => ((ResponseStream)null!).StartServerSentEvents());

        Assert.Equal("response", refused.ParamName);
    }

    [Fact]
    public async Task The_runtime_stops_the_heartbeat_before_it_ends_the_response()
    {
        var clock = new TimerRecordingClock(Start);
        var control = new PipeResponseControl();
        var events = control.Stream.StartServerSentEvents(new ServerSentEventOptions { HeartbeatInterval = TimeSpan.FromSeconds(15), TimeProvider = clock });
        Assert.Equal(TimeSpan.FromSeconds(15), await clock.NextTimerAsync());
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(TimeSpan.FromSeconds(15), await clock.NextTimerAsync());

        // What the runtime does when the handler returns without disposing the writer.
        var stop = Assert.Single(control.CompletingCallbacks);
        await stop().AsTask().WithGuard();
        clock.Advance(TimeSpan.FromMinutes(5));

        var (_, body) = HttpResponsePreludeTests.SplitPrelude(await control.ReadAllAsync());
        Assert.Equal(": heartbeat\n", System.Text.Encoding.UTF8.GetString(body));
        await events.DisposeAsync().AsTask().WithGuard();
    }
}
