using System.IO.Pipelines;
using LambdaStreaming.Hosting;
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

    /// <summary>The members <c>ResponseStream</c> forwards to.</summary>
    private readonly IResponseControl _writer;

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
        _control = new ResponseControl(_sink.Object, new LambdaLogger(new LogSink(_log, LogLevel.Debug), "req-1"), CancellationToken.None, maxStreamedResponseBytes: 100);
        _writer = _control;
    }

    [Fact]
    public async Task A_handler_that_writes_nothing_sends_an_empty_stream()
    {
        Assert.Equal(ResponseOutcome.Stream, await _control.EndAsync(null, CancellationToken.None));

        Assert.Equal(["begin application/octet-stream", "end", "release"], _calls);
    }

    [Fact]
    public async Task A_buffered_result_is_sent_whole_and_no_stream_begins()
    {
        _writer.SetBufferedResult("whole"u8.ToArray(), "text/plain");
        Assert.Equal(ResponseOutcome.Response, await _control.EndAsync(null, CancellationToken.None));

        Assert.Equal(["send 5 text/plain"], _calls);
    }

    [Fact]
    public async Task A_failure_before_any_byte_is_an_error_report()
    {
        Assert.Equal(ResponseOutcome.Error, await _control.EndAsync(new InvalidOperationException("early"), CancellationToken.None));

        Assert.Equal(["release", $"error {ErrorReport.UnhandledExceptionType}"], _calls);
    }

    [Fact]
    public async Task A_failure_after_a_head_was_written_but_not_sent_releases_the_stream_then_reports_the_error()
    {
        _writer.ContentType = "text/plain";
        _writer.GetMemory(4);
        Assert.Equal(ResponseOutcome.Error, await _control.EndAsync(new InvalidOperationException("before the first flush"), CancellationToken.None));

        Assert.Equal(["begin text/plain", "release", $"error {ErrorReport.UnhandledExceptionType}"], _calls);
    }

    [Fact]
    public async Task A_failure_after_bytes_were_sent_ends_the_stream_with_error_trailers()
    {
        await SendBytesAsync("abc"u8.ToArray());
        Assert.Equal(ResponseOutcome.StreamWithErrorTrailers, await _control.EndAsync(new InvalidOperationException("midway"), CancellationToken.None));

        Assert.Equal(["begin application/octet-stream", $"end with {ErrorReport.UnhandledExceptionType}", "release"], _calls);
    }

    [Fact]
    public async Task Crossing_the_size_limit_reports_the_size_error_type()
    {
        await SendBytesAsync("abc"u8.ToArray());
        var refused = Assert.Throws<ResponseTooLargeException>(() => _writer.Advance(98));
        Assert.Equal(ResponseOutcome.StreamWithErrorTrailers, await _control.EndAsync(refused, CancellationToken.None));

        Assert.Equal(3, _writer.BytesWritten);
        Assert.Equal(["begin application/octet-stream", $"end with {ResponseTooLargeException.ErrorType}", "release"], _calls);
    }

    [Fact]
    public async Task A_failure_after_CompleteAsync_is_only_logged_the_stream_it_ended_stands()
    {
        await _writer.CompleteAsync(null);
        Assert.Equal(ResponseOutcome.Stream, await _control.EndAsync(new InvalidOperationException("too late"), CancellationToken.None));

        Assert.Equal(["begin application/octet-stream", "end", "release"], _calls);
        Assert.Contains("the response stands and the failure is only logged", _log.ToString());
    }

    [Fact]
    public async Task Complete_with_an_exception_and_a_failing_completion_callback_each_count_as_the_failure()
    {
        _writer.Complete(new FormatException("given to Complete"));
        _writer.OnCompleting(() => throw new TimeoutException("from a callback"));
        Assert.Equal(ResponseOutcome.Error, await _control.EndAsync(null, CancellationToken.None));

        Assert.Equal(["release", $"error {ErrorReport.UnhandledExceptionType}"], _calls);
        Assert.Contains("given to Complete", _log.ToString());
        Assert.DoesNotContain("from a callback", _log.ToString());
    }

    [Fact]
    public async Task The_completion_callbacks_run_once_before_the_stream_ends()
    {
        var runs = 0;
        _writer.OnCompleting(() =>
        {
            runs++;
            _calls.Add("callback");
            return ValueTask.CompletedTask;
        });
        await _writer.CompleteAsync(null);
        await _control.EndAsync(null, CancellationToken.None);

        Assert.Equal(1, runs);
        Assert.Equal(["callback", "begin application/octet-stream", "end", "release"], _calls);
    }

    // Faults while ending a stream are logged, word for word, and the stream's connection is released all the same.
    public static TheoryData<Exception, bool, string> EndFaults => new()
    {
        { new IOException("peer went away"), false, "The connection to the Runtime API failed while ending the streamed response (IOException: peer went away)." },
        { new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset), true, "The connection to the Runtime API failed while sending the error trailers (socket error ConnectionReset: Connection reset by peer)." },
        { new LambdaStreaming.Transport.MalformedHttpResponseException(LambdaStreaming.Transport.HttpRejectionReason.InvalidStatusLine, "the status line is not HTTP/1.1"), false, "The connection to the Runtime API failed while ending the streamed response (Malformed HTTP response (InvalidStatusLine): the status line is not HTTP/1.1)." },
    };

    [Theory]
    [MemberData(nameof(EndFaults))]
    public async Task A_transport_fault_ending_the_stream_is_logged_as_it_was_and_the_connection_released(Exception fault, bool afterBytes, string line)
    {
        _sink.Setup(s => s.EndStreamAsync(It.IsAny<ErrorReport?>(), It.IsAny<CancellationToken>())).ThrowsAsync(fault);
        if (afterBytes)
        {
            await SendBytesAsync("x"u8.ToArray());
        }

        await _control.EndAsync(afterBytes ? new InvalidOperationException("midway") : null, CancellationToken.None);

        Assert.Contains("\treq-1\tERROR\t" + line, _log.ToString());
        Assert.Equal("release", _calls[^1]);
    }

    [Theory]
    [InlineData(false, "The Runtime API did not answer the streaming response before the invocation's deadline; closing that connection and polling again.")]
    [InlineData(true, "The Runtime API did not answer the streaming response with error trailers before the invocation's deadline; closing that connection and polling again.")]
    public async Task A_Runtime_API_that_does_not_answer_by_the_give_up_time_is_logged_and_released(bool afterBytes, string line)
    {
        using var giveUp = new CancellationTokenSource();
        await giveUp.CancelAsync();
        _sink.Setup(s => s.EndStreamAsync(It.IsAny<ErrorReport?>(), giveUp.Token)).ThrowsAsync(new OperationCanceledException(giveUp.Token));
        if (afterBytes)
        {
            await SendBytesAsync("x"u8.ToArray());
        }

        await _control.EndAsync(afterBytes ? new InvalidOperationException("midway") : null, giveUp.Token);

        Assert.Contains("\treq-1\tERROR\t" + line, _log.ToString());
        Assert.Equal("release", _calls[^1]);
    }

    [Fact]
    public async Task A_fault_that_is_not_the_transports_escapes_after_the_connection_is_released()
    {
        _sink.Setup(s => s.EndStreamAsync(It.IsAny<ErrorReport?>(), It.IsAny<CancellationToken>())).ThrowsAsync(new RuntimeApiException("streaming response", 500, "container error"));

        await Assert.ThrowsAsync<RuntimeApiException>(() => _control.EndAsync(null, CancellationToken.None).AsTask());
        Assert.Equal("release", _calls[^1]);
    }

    [Fact]
    public async Task The_failure_is_logged_with_its_error_type_message_and_exception()
    {
        await _control.EndAsync(new FormatException("bad input"), CancellationToken.None);

        var line = _log.ToString().Split('\n')[0];
        Assert.EndsWith("\treq-1\tERROR\tFunction.UnhandledException: bad input", line.TrimEnd('\r'));
        Assert.Contains("System.FormatException: bad input", _log.ToString());
    }

    [Fact]
    public async Task A_pending_flush_is_awaited_before_the_terminating_chunk_and_its_failure_is_left_to_the_end()
    {
        var order = new List<string>();
        var held = new TaskCompletionSource<FlushResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new Mock<PipeWriter>();
        writer.Setup(w => w.GetMemory(It.IsAny<int>())).Returns(new byte[16]);
        writer.Setup(w => w.FlushAsync(It.IsAny<CancellationToken>())).Returns(() => new ValueTask<FlushResult>(held.Task));
        _sink.Setup(s => s.BeginStream(It.IsAny<string>())).Returns(writer.Object);
        _sink.Setup(s => s.EndStreamAsync(It.IsAny<ErrorReport?>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.CompletedTask).Callback(() => order.Add("end"));

        _writer.GetMemory(4);
        _writer.Advance(4);
        var flush = _writer.FlushAsync(CancellationToken.None);
        Assert.False(flush.IsCompleted);
        var ending = _control.EndAsync(null, CancellationToken.None);
        Assert.Empty(order);

        order.Add("flush failed");
        held.SetException(new IOException("socket gone"));
        await ending;

        Assert.Equal(["flush failed", "end"], order);
    }

    [Fact]
    public async Task A_pending_flush_cancelled_by_the_deadline_does_not_stop_the_stream_from_ending()
    {
        var held = new TaskCompletionSource<FlushResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new Mock<PipeWriter>();
        writer.Setup(w => w.GetMemory(It.IsAny<int>())).Returns(new byte[16]);
        writer.Setup(w => w.FlushAsync(It.IsAny<CancellationToken>())).Returns(() => new ValueTask<FlushResult>(held.Task));
        _sink.Setup(s => s.BeginStream(It.IsAny<string>())).Returns(writer.Object);

        _writer.GetMemory(4);
        _writer.Advance(4);
        _ = _writer.FlushAsync(CancellationToken.None);
        var ending = _control.EndAsync(null, CancellationToken.None);
        held.SetCanceled();
        await ending;

        Assert.Equal(["end", "release"], _calls);
    }

    [Fact]
    public async Task HasStarted_turns_true_with_the_first_flush_not_before()
    {
        Assert.False(_writer.HasStarted);
        _writer.GetMemory(1);
        _writer.Advance(1);
        Assert.False(_writer.HasStarted);
        await _writer.FlushAsync(CancellationToken.None);
        Assert.True(_writer.HasStarted);
        await _control.EndAsync(null, CancellationToken.None);
        Assert.True(_writer.HasStarted);
    }

    [Fact]
    public void Advance_before_any_memory_and_after_completion_are_refused_with_what_happened()
    {
        Assert.Equal("Advance was called before GetMemory or GetSpan.", Assert.Throws<InvalidOperationException>(() => _writer.Advance(1)).Message);
        _writer.GetMemory(4);
        _writer.Complete(null);
        Assert.Equal("The response has already been completed; nothing more can be written.", Assert.Throws<InvalidOperationException>(() => _writer.Advance(1)).Message);
    }

    [Fact]
    public void Crossing_the_streamed_limit_reports_the_bytes_it_would_reach_and_that_it_streamed()
    {
        _writer.GetMemory(60);
        _writer.Advance(60);

        var refused = Assert.Throws<ResponseTooLargeException>(() => _writer.Advance(41));

        Assert.Equal(101, refused.Bytes);
        Assert.Equal(100, refused.Limit);
        Assert.Equal("The streamed response reached 101 bytes, over the limit of 100 bytes.", refused.Message);
    }

    [Fact]
    public void A_buffered_result_over_6_MiB_is_refused_as_buffered_and_its_content_type_is_checked_as_the_results()
    {
        var refused = Assert.Throws<ResponseTooLargeException>(() => _writer.SetBufferedResult(new byte[ResponseControl.MaxBufferedBytes + 1], "text/plain"));
        Assert.Equal($"The buffered response reached {ResponseControl.MaxBufferedBytes + 1} bytes, over the limit of {ResponseControl.MaxBufferedBytes} bytes.", refused.Message);
        Assert.Equal("result", Assert.ThrowsAny<ArgumentException>(() => _writer.SetBufferedResult("x"u8.ToArray(), "")).ParamName);
        Assert.Equal("result", Assert.ThrowsAny<ArgumentException>(() => _writer.SetBufferedResult("x"u8.ToArray(), "text/plain\r\nX: y")).ParamName);
        _writer.GetMemory(1);
        Assert.Equal("A buffered response can only be given before anything was written to the stream.",
            Assert.Throws<InvalidOperationException>(() => _writer.SetBufferedResult("x"u8.ToArray(), "text/plain")).Message);
    }

    [Fact]
    public async Task CompleteAsync_after_a_buffered_result_is_refused_and_the_result_is_still_sent()
    {
        _writer.SetBufferedResult("whole"u8.ToArray(), "text/plain");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _writer.CompleteAsync(null).AsTask());
        Assert.Equal(ResponseOutcome.Response, await _control.EndAsync(null, CancellationToken.None));

        Assert.Equal("A buffered response is sent by the runtime, not by finishing the stream.", refused.Message);
        Assert.Equal(["send 5 text/plain"], _calls);
    }

    [Fact]
    public async Task CompleteAsync_with_an_exception_fails_the_invocation_like_Complete_and_the_first_exception_counts()
    {
        await _writer.CompleteAsync(new FormatException("first"));
        _writer.Complete(new TimeoutException("second"));
        await _control.EndAsync(null, CancellationToken.None);

        Assert.Equal(["release", $"error {ErrorReport.UnhandledExceptionType}"], _calls);
        Assert.Contains("Function.UnhandledException: first", _log.ToString());
        Assert.DoesNotContain("second", _log.ToString());
    }

    [Fact]
    public async Task Every_completion_callback_runs_in_the_order_it_was_registered()
    {
        _writer.OnCompleting(() => { _calls.Add("first"); return ValueTask.CompletedTask; });
        _writer.OnCompleting(() => { _calls.Add("second"); return ValueTask.CompletedTask; });
        await _control.EndAsync(null, CancellationToken.None);

        Assert.Equal(["first", "second", "begin application/octet-stream", "end", "release"], _calls);
    }

    [Fact]
    public async Task A_flush_uses_its_own_token_and_falls_back_to_the_deadline()
    {
        using var deadline = new CancellationTokenSource();
        using var own = new CancellationTokenSource();
        var tokens = new List<CancellationToken>();
        var writer = new Mock<PipeWriter>();
        writer.Setup(w => w.GetMemory(It.IsAny<int>())).Returns(new byte[16]);
        writer.Setup(w => w.FlushAsync(It.IsAny<CancellationToken>())).Callback<CancellationToken>(tokens.Add).Returns(new ValueTask<FlushResult>(new FlushResult(false, false)));
        var sink = new Mock<IResponseSink>();
        sink.Setup(s => s.BeginStream(It.IsAny<string>())).Returns(writer.Object);
        IResponseControl control = new ResponseControl(sink.Object, new LambdaLogger(new LogSink(_log, LogLevel.Debug), "req-2"), deadline.Token, 100);

        await control.FlushAsync(own.Token);
        await control.FlushAsync(CancellationToken.None);

        Assert.Equal([own.Token, deadline.Token], tokens);
    }

    [Theory]
    [InlineData(false, false, "begin application/octet-stream|end|release")]
    [InlineData(true, false, "release|error Function.UnhandledException")]
    [InlineData(true, true, "begin application/octet-stream|end with Function.UnhandledException|release")]
    public async Task The_OnCompleted_callbacks_run_in_order_after_the_outcome_is_reported_whatever_it_was(bool fails, bool afterBytes, string reports)
    {
        if (afterBytes)
        {
            await SendBytesAsync("abc"u8.ToArray());
        }
        _writer.OnCompleted(() => { _calls.Add("completed 1"); return ValueTask.CompletedTask; });
        _writer.OnCompleted(() => { _calls.Add("completed 2"); return ValueTask.CompletedTask; });

        await _control.EndAsync(fails ? new InvalidOperationException("failed") : null, CancellationToken.None);

        Assert.Equal([.. reports.Split('|'), "completed 1", "completed 2"], _calls);
    }

    [Fact]
    public async Task A_failing_OnCompleted_callback_is_logged_and_neither_changes_the_outcome_nor_stops_the_others()
    {
        _writer.OnCompleted(() => throw new TimeoutException("exporter down"));
        _writer.OnCompleted(() => { _calls.Add("completed"); return ValueTask.CompletedTask; });

        Assert.Equal(ResponseOutcome.Stream, await _control.EndAsync(null, CancellationToken.None));

        Assert.Equal(["begin application/octet-stream", "end", "release", "completed"], _calls);
        Assert.Contains("A callback registered with OnCompleted failed after the response was reported: exporter down", _log.ToString());
    }

    [Fact]
    public async Task The_OnCompleted_callbacks_run_even_when_a_container_error_escapes()
    {
        _sink.Setup(s => s.EndStreamAsync(It.IsAny<ErrorReport?>(), It.IsAny<CancellationToken>())).ThrowsAsync(new RuntimeApiException("streaming response", 500, "container error"));
        _writer.OnCompleted(() => { _calls.Add("completed"); return ValueTask.CompletedTask; });

        await Assert.ThrowsAsync<RuntimeApiException>(() => _control.EndAsync(null, CancellationToken.None).AsTask());

        Assert.Equal(["release", "completed"], _calls[^2..]);
    }

    [Fact]
    public async Task A_second_EndAsync_is_refused_and_makes_no_second_report()
    {
        await _control.EndAsync(null, CancellationToken.None);
        var reports = _calls.Count;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _control.EndAsync(null, CancellationToken.None).AsTask());

        Assert.Equal("EndAsync has already been called: an invocation has exactly one outcome.", refused.Message);
        Assert.Equal(reports, _calls.Count);
    }

    [Fact]
    public async Task An_OnCompleted_callback_registered_once_they_run_is_refused_and_the_refusal_only_logged()
    {
        _writer.OnCompleted(() =>
        {
            _writer.OnCompleted(() => ValueTask.CompletedTask);
            return ValueTask.CompletedTask;
        });
        _writer.OnCompleted(() => { _calls.Add("completed"); return ValueTask.CompletedTask; });

        Assert.Equal(ResponseOutcome.Stream, await _control.EndAsync(null, CancellationToken.None));

        Assert.Equal("completed", _calls[^1]);
        Assert.Contains("register OnCompleted callbacks before the handler returns", _log.ToString());
        Assert.Throws<InvalidOperationException>(() => _writer.OnCompleted(() => ValueTask.CompletedTask));
    }

    [Fact]
    public async Task UnflushedBytes_counts_what_was_written_since_the_last_flush()
    {
        Assert.Equal(0, _writer.UnflushedBytes);
        _writer.GetMemory(8);
        _writer.Advance(3);
        Assert.Equal(3, _writer.UnflushedBytes);
        await _writer.FlushAsync(CancellationToken.None);
        Assert.Equal(0, _writer.UnflushedBytes);
        _writer.GetMemory(8);
        _writer.Advance(5);

        Assert.Equal(5, _writer.UnflushedBytes);
        Assert.Equal(8, _writer.BytesWritten);
    }

    /// <summary>Writes <paramref name="bytes"/> and flushes them: the response has then started.</summary>
    private async Task SendBytesAsync(byte[] bytes)
    {
        bytes.CopyTo(_writer.GetMemory(bytes.Length).Span);
        _writer.Advance(bytes.Length);
        await _writer.FlushAsync(CancellationToken.None);
    }
}
