using System.IO.Pipelines;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Hosting;

/// <summary>
/// The public hosting seam, used the way a host in another assembly would (these tests touch only public types): a
/// sink of its own behind a <see cref="ResponseControl"/>, a handler writing to a <see cref="ResponseStream"/> over it,
/// and <see cref="ResponseControl.EndAsync"/> ending the invocation with one outcome, reported once to the sink.
/// </summary>
public sealed class HostingSeamTests
{
    private readonly MemorySink _sink = new();
    private readonly RecordingLogger _logger = new();

    [Fact]
    public async Task A_streamed_response_reaches_the_sink_flush_by_flush_and_ends_cleanly()
    {
        var outcome = await InvokeAsync(async response =>
        {
            response.ContentType = "text/plain";
            await response.WriteAsync("hello "u8.ToArray());
            Assert.Equal(["begin text/plain"], _sink.Calls);
            Assert.Equal("hello ", _sink.Text);
            await response.WriteAsync("world"u8.ToArray());
        });

        Assert.Equal(ResponseOutcome.Stream, outcome);
        Assert.Equal(["begin text/plain", "end", "release"], _sink.Calls);
        Assert.Equal("hello world", _sink.Text);
        Assert.Empty(_logger.Lines);
    }

    [Fact]
    public async Task A_failure_after_bytes_ends_the_stream_with_the_error_its_trailers_carry()
    {
        var outcome = await InvokeAsync(async response =>
        {
            await response.WriteAsync("partial"u8.ToArray());
            throw new InvalidOperationException("the model went away");
        });

        Assert.Equal(ResponseOutcome.StreamWithErrorTrailers, outcome);
        Assert.Equal(["begin application/octet-stream", "end with Function.UnhandledException", "release"], _sink.Calls);
        var error = Assert.Single(_sink.Errors);
        using var document = JsonDocument.Parse(error.Json);
        Assert.Equal("the model went away", document.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal("System.InvalidOperationException", document.RootElement.GetProperty("errorType").GetString());
        Assert.Contains(_logger.Lines, line => line == "Error Function.UnhandledException: the model went away (InvalidOperationException)");
    }

    [Fact]
    public async Task A_failure_before_any_byte_is_one_error_report_and_no_stream()
    {
        var outcome = await InvokeAsync(response => throw new FormatException("bad event"));

        Assert.Equal(ResponseOutcome.Error, outcome);
        Assert.Equal(["release", "error Function.UnhandledException"], _sink.Calls);
        Assert.Equal("", _sink.Text);
    }

    [Fact]
    public async Task A_buffered_result_is_one_whole_response()
    {
        var outcome = await InvokeAsync(response =>
        {
            response.SetBufferedResult(LambdaResult.Text("{}", "application/json"));
            return Task.CompletedTask;
        });

        Assert.Equal(ResponseOutcome.Response, outcome);
        Assert.Equal(["send 2 application/json"], _sink.Calls);
    }

    [Fact]
    public async Task The_HTTP_helpers_work_over_a_host_s_sink_and_their_heartbeat_stops_before_the_end()
    {
        var outcome = await InvokeAsync(async response =>
        {
            await using var events = response.StartServerSentEvents(new ServerSentEventOptions { HeartbeatInterval = TimeSpan.FromHours(1) });
            await events.WriteAsync("one", eventType: "tick");
            await events.WriteAsync("two", eventType: "tick");
        });

        Assert.Equal(ResponseOutcome.Stream, outcome);
        Assert.Equal(["begin application/vnd.awslambda.http-integration-response", "end", "release"], _sink.Calls);
        var body = _sink.Bytes;
        var separator = Array.IndexOf(body, (byte)0);
        var prelude = JsonDocument.Parse(body.AsMemory(0, separator));
        Assert.Equal(200, prelude.RootElement.GetProperty("statusCode").GetInt32());
        var items = new List<string>();
        await foreach (var item in SseParser.Create(new MemoryStream(body, separator + 8, body.Length - separator - 8)).EnumerateAsync())
        {
            items.Add($"{item.EventType} {item.Data}");
        }
        Assert.Equal(["tick one", "tick two"], items);
    }

    [Fact]
    public async Task A_flush_that_the_sink_holds_up_is_cancelled_by_the_deadline_and_the_outcome_still_decided()
    {
        using var deadline = new CancellationTokenSource();
        var stalled = new MemorySink { StallFlushes = true };
        var control = new ResponseControl(stalled, _logger, deadline.Token);
        var response = new ResponseStream(control);
        await response.WriteAsync("first"u8.ToArray());
        var flush = response.WriteAsync("held"u8.ToArray()).AsTask();
        Assert.False(flush.IsCompleted);

        await deadline.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flush.WithGuard());
        var failure = new OperationCanceledException("the deadline passed");
        Assert.Equal(ResponseOutcome.StreamWithErrorTrailers, await control.EndAsync(failure, CancellationToken.None).AsTask().WithGuard());
        Assert.Equal("end with Function.UnhandledException", stalled.Calls[^2]);
    }

    [Fact]
    public void The_seam_refuses_what_it_cannot_run_with()
    {
        Assert.Equal("sink", Assert.Throws<ArgumentNullException>(() => new ResponseControl(null!, _logger, CancellationToken.None)).ParamName);
        Assert.Equal("logger", Assert.Throws<ArgumentNullException>(() => new ResponseControl(_sink, null!, CancellationToken.None)).ParamName);
        Assert.Equal("maxStreamedResponseBytes", Assert.Throws<ArgumentOutOfRangeException>(() => new ResponseControl(_sink, _logger, CancellationToken.None, -1)).ParamName);
        Assert.Equal("control", Assert.Throws<ArgumentNullException>(() => new ResponseStream((ResponseControl)null!)).ParamName);
    }

    [Fact]
    public async Task The_streamed_size_limit_given_to_the_control_holds()
    {
        var control = new ResponseControl(_sink, _logger, CancellationToken.None, maxStreamedResponseBytes: 4);
        var response = new ResponseStream(control);
        await response.WriteAsync("1234"u8.ToArray());
        var refused = await Assert.ThrowsAsync<ResponseTooLargeException>(() => response.WriteAsync("5"u8.ToArray()).AsTask());

        Assert.Equal(ResponseOutcome.StreamWithErrorTrailers, await control.EndAsync(refused, CancellationToken.None));
        Assert.Equal("1234", _sink.Text);
        Assert.Equal("end with Function.ResponseSizeTooLarge", _sink.Calls[^2]);
    }

    /// <summary>What a host does for one invocation: a control over its sink, the handler, then the one outcome.</summary>
    private async Task<ResponseOutcome> InvokeAsync(Func<ResponseStream, Task> handler)
    {
        var control = new ResponseControl(_sink, _logger, CancellationToken.None);
        Exception? failure = null;
        try
        {
            await handler(new ResponseStream(control));
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        return await control.EndAsync(failure, CancellationToken.None).AsTask().WithGuard();
    }

    /// <summary>A sink that keeps every byte and names every call, as a test host would.</summary>
    private sealed class MemorySink : IResponseSink
    {
        private readonly MemoryStream _body = new();

        public List<string> Calls { get; } = [];

        public List<ErrorReport> Errors { get; } = [];

        /// <summary>After the first flush, flushes wait until cancelled: a reader that stopped reading.</summary>
        public bool StallFlushes { get; init; }

        public byte[] Bytes => _body.ToArray();

        public string Text => Encoding.UTF8.GetString(_body.ToArray());

        public PipeWriter BeginStream(string contentType)
        {
            Calls.Add($"begin {contentType}");
            var writer = PipeWriter.Create(StallFlushes ? new StallingStream(_body) : _body, new StreamPipeWriterOptions(leaveOpen: true));
            return writer;
        }

        public ValueTask EndStreamAsync(ErrorReport? error, CancellationToken giveUp)
        {
            Calls.Add(error is null ? "end" : $"end with {error.ErrorType}");
            if (error is not null)
            {
                Errors.Add(error);
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask SendAsync(ReadOnlyMemory<byte> body, string contentType, CancellationToken giveUp)
        {
            Calls.Add($"send {body.Length} {contentType}");
            _body.Write(body.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> SendErrorAsync(ErrorReport error, CancellationToken giveUp)
        {
            Calls.Add($"error {error.ErrorType}");
            Errors.Add(error);
            return ValueTask.FromResult(true);
        }

        public ValueTask ReleaseAsync()
        {
            Calls.Add("release");
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Takes its first write, then holds every later one until it is cancelled.</summary>
    private sealed class StallingStream(Stream inner) : Stream
    {
        private int _writes;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (++_writes > 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            inner.Write(buffer.Span);
        }
    }

    /// <summary>An <see cref="ILambdaLogger"/> that keeps its lines as "level message (exception type)".</summary>
    private sealed class RecordingLogger : ILambdaLogger
    {
        public List<string> Lines { get; } = [];

        public void Log(string message) => Log(LogLevel.Information, message);

        public void LogLine(string message) => Log(LogLevel.Information, message);

        public void Log(string level, string message) => Lines.Add($"{level} {message}");

        public void Log(LogLevel level, string message) => Lines.Add($"{level} {message}");

        public void Log(LogLevel level, Exception exception, string message) => Lines.Add($"{level} {message} ({exception.GetType().Name})");
    }
}
