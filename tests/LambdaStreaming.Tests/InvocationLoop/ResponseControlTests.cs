using System.IO.Pipelines;
using LambdaStreaming.InvocationLoop;
using LambdaStreaming.RuntimeApi;
using Moq;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>
/// The outcome rules of <see cref="ResponseControl"/> against a fake sink: whatever the handler did, exactly one of
/// the sink's reports ends the invocation (a whole response, an <c>/error</c>, or the end of a stream, with or without
/// error trailers), and a stream head that was never sent is released before an <c>/error</c> goes out.
/// </summary>
public sealed class ResponseControlTests
{
    private readonly Mock<IResponseSink> _sink = new(MockBehavior.Strict);
    private readonly Pipe _wire = new();
    private readonly StringWriter _log = new();
    private readonly List<string> _calls = [];
    private readonly ResponseControl _control;

    public ResponseControlTests()
    {
        _sink.Setup(s => s.BeginStream(It.IsAny<string>())).Returns(_wire.Writer).Callback<string>(type => _calls.Add($"begin {type}"));
        _sink.Setup(s => s.EndStreamAsync(It.IsAny<ErrorReport?>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.CompletedTask).Callback<ErrorReport?, CancellationToken>((error, _) => _calls.Add(error is null ? "end" : $"end with {error.ErrorType}"));
        _sink.Setup(s => s.SendAsync(It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.CompletedTask).Callback<ReadOnlyMemory<byte>, string, CancellationToken>((body, type, _) => _calls.Add($"send {body.Length} {type}"));
        _sink.Setup(s => s.SendErrorAsync(It.IsAny<ErrorReport>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.FromResult(true)).Callback<ErrorReport, CancellationToken>((error, _) => _calls.Add($"error {error.ErrorType}"));
        _sink.Setup(s => s.ReleaseAsync()).Returns(ValueTask.CompletedTask).Callback(() => _calls.Add("release"));
        _control = new ResponseControl(_sink.Object, maxStreamedBytes: 100, CancellationToken.None, new LogSink(_log, LogLevel.Debug), "req-1", null);
    }

    [Fact]
    public async Task A_handler_that_writes_nothing_sends_an_empty_stream()
    {
        await _control.EndAsync(null, CancellationToken.None);

        Assert.Equal(["begin application/octet-stream", "end", "release"], _calls);
    }

    [Fact]
    public async Task A_buffered_result_is_sent_whole_and_no_stream_begins()
    {
        _control.SetBufferedResult("whole"u8.ToArray(), "text/plain");
        await _control.EndAsync(null, CancellationToken.None);

        Assert.Equal(["send 5 text/plain"], _calls);
    }

    [Fact]
    public async Task A_failure_before_any_byte_is_an_error_report()
    {
        await _control.EndAsync(new InvalidOperationException("early"), CancellationToken.None);

        Assert.Equal(["release", $"error {ErrorReport.UnhandledExceptionType}"], _calls);
    }

    [Fact]
    public async Task A_failure_after_a_head_was_written_but_not_sent_releases_the_stream_then_reports_the_error()
    {
        _control.ContentType = "text/plain";
        _control.GetMemory(4);
        await _control.EndAsync(new InvalidOperationException("before the first flush"), CancellationToken.None);

        Assert.Equal(["begin text/plain", "release", $"error {ErrorReport.UnhandledExceptionType}"], _calls);
    }

    [Fact]
    public async Task A_failure_after_bytes_were_sent_ends_the_stream_with_error_trailers()
    {
        "abc"u8.CopyTo(_control.GetMemory(3).Span);
        _control.Advance(3);
        await _control.FlushAsync(CancellationToken.None);
        await _control.EndAsync(new InvalidOperationException("midway"), CancellationToken.None);

        Assert.Equal(["begin application/octet-stream", $"end with {ErrorReport.UnhandledExceptionType}", "release"], _calls);
    }

    [Fact]
    public async Task Crossing_the_size_limit_reports_the_size_error_type()
    {
        "abc"u8.CopyTo(_control.GetMemory(3).Span);
        _control.Advance(3);
        await _control.FlushAsync(CancellationToken.None);
        var refused = Assert.Throws<ResponseTooLargeException>(() => _control.Advance(98));
        await _control.EndAsync(refused, CancellationToken.None);

        Assert.Equal(3, _control.BytesWritten);
        Assert.Equal(["begin application/octet-stream", $"end with {ResponseTooLargeException.ErrorType}", "release"], _calls);
    }

    [Fact]
    public async Task A_failure_after_CompleteAsync_is_only_logged_the_stream_it_ended_stands()
    {
        await _control.CompleteAsync(null);
        await _control.EndAsync(new InvalidOperationException("too late"), CancellationToken.None);

        Assert.Equal(["begin application/octet-stream", "end", "release"], _calls);
        Assert.Contains("the response stands and the failure is only logged", _log.ToString());
    }

    [Fact]
    public async Task Complete_with_an_exception_and_a_failing_completion_callback_each_count_as_the_failure()
    {
        _control.Complete(new FormatException("given to Complete"));
        _control.OnCompleting(() => throw new TimeoutException("from a callback"));
        await _control.EndAsync(null, CancellationToken.None);

        Assert.Equal(["release", $"error {ErrorReport.UnhandledExceptionType}"], _calls);
        Assert.Contains("given to Complete", _log.ToString());
        Assert.DoesNotContain("from a callback", _log.ToString());
    }

    [Fact]
    public async Task The_completion_callbacks_run_once_before_the_stream_ends()
    {
        var runs = 0;
        _control.OnCompleting(() =>
        {
            runs++;
            _calls.Add("callback");
            return ValueTask.CompletedTask;
        });
        await _control.CompleteAsync(null);
        await _control.EndAsync(null, CancellationToken.None);

        Assert.Equal(1, runs);
        Assert.Equal(["callback", "begin application/octet-stream", "end", "release"], _calls);
    }
}
