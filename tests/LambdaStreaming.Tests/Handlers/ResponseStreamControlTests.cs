using System.IO.Pipelines;
using LambdaStreaming.InvocationLoop;
using Moq;

namespace LambdaStreaming.Tests.Handlers;

/// <summary>
/// <see cref="ResponseStream"/> against a fake <see cref="IResponseControl"/>: it checks its arguments and hands
/// everything else to the control as is (the memory it returns is the control's own, so no byte is copied). The rules
/// behind the control are tested through the runtime in <see cref="ResponseStreamTests"/> and the outcome tests.
/// </summary>
public sealed class ResponseStreamControlTests
{
    private readonly Mock<IResponseControl> _control = new(MockBehavior.Strict);
    private readonly ResponseStream _response;

    public ResponseStreamControlTests() => _response = new ResponseStream(_control.Object);

    [Fact]
    public void GetMemory_and_GetSpan_return_the_controls_own_memory()
    {
        var memory = new byte[64].AsMemory();
        _control.Setup(c => c.GetMemory(32)).Returns(memory);
        _control.Setup(c => c.GetMemory(16)).Returns(memory);

        Assert.True(_response.GetMemory(32).Equals(memory));
        Assert.True(_response.GetSpan(16) == memory.Span);
    }

    [Fact]
    public async Task A_write_is_one_span_one_advance_and_one_flush_with_the_callers_token()
    {
        var memory = new byte[64];
        using var cancellation = new CancellationTokenSource();
        var sequence = new MockSequence();
        _control.InSequence(sequence).Setup(c => c.GetMemory(It.IsAny<int>())).Returns(memory);
        _control.InSequence(sequence).Setup(c => c.Advance(5));
        _control.InSequence(sequence).Setup(c => c.FlushAsync(cancellation.Token)).Returns(new ValueTask<FlushResult>(new FlushResult(false, false)));

        await _response.WriteAsync("hello"u8.ToArray(), cancellation.Token);

        Assert.Equal("hello"u8.ToArray(), memory[..5]);
        _control.VerifyAll();
    }

    [Fact]
    public async Task The_stream_view_sends_each_write_through_the_control()
    {
        var memory = new byte[64];
        _control.Setup(c => c.GetMemory(It.IsAny<int>())).Returns(memory);
        _control.Setup(c => c.Advance(It.IsAny<int>()));
        _control.Setup(c => c.FlushAsync(It.IsAny<CancellationToken>())).Returns(new ValueTask<FlushResult>(new FlushResult(false, false)));

        var stream = _response.AsStream(leaveOpen: true);
        await stream.WriteAsync("abc"u8.ToArray());
        await stream.WriteAsync("de"u8.ToArray());

        _control.Verify(c => c.Advance(3), Times.Once);
        _control.Verify(c => c.Advance(2), Times.Once);
        _control.Verify(c => c.FlushAsync(It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public void Advance_and_its_refusal_come_from_the_control()
    {
        _control.Setup(c => c.Advance(7)).Throws(new ResponseTooLargeException(107, 100, streaming: true));

        var refused = Assert.Throws<ResponseTooLargeException>(() => _response.Advance(7));
        Assert.Equal(107, refused.Bytes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void An_empty_content_type_is_refused_before_it_reaches_the_control(string? contentType)
    {
        Assert.ThrowsAny<ArgumentException>(() => _response.ContentType = contentType!);
        _control.VerifyNoOtherCalls();
    }

    [Fact]
    public void The_content_type_and_the_progress_are_the_controls()
    {
        _control.SetupProperty(c => c.ContentType, "application/octet-stream");
        _control.SetupGet(c => c.HasStarted).Returns(true);
        _control.SetupGet(c => c.BytesWritten).Returns(42);

        _response.ContentType = "text/plain";

        Assert.Equal("text/plain", _control.Object.ContentType);
        Assert.Equal("text/plain", _response.ContentType);
        Assert.True(_response.HasStarted);
        Assert.Equal(42, _response.BytesWritten);
    }

    [Fact]
    public async Task Completion_and_its_exception_go_to_the_control()
    {
        var failure = new InvalidOperationException("handler failure");
        _control.Setup(c => c.Complete(failure));
        _control.Setup(c => c.CompleteAsync(null)).Returns(ValueTask.CompletedTask);
        _control.Setup(c => c.CancelPendingFlush());

        _response.Complete(failure);
        await _response.CompleteAsync();
        _response.CancelPendingFlush();

        _control.VerifyAll();
    }

    [Fact]
    public void A_buffered_result_hands_its_bytes_and_content_type_to_the_control()
    {
        var result = LambdaResult.Text("whole", "text/plain");
        _control.Setup(c => c.SetBufferedResult(It.Is<ReadOnlyMemory<byte>>(body => body.Equals(result.Body)), "text/plain"));

        _response.SetBufferedResult(result);

        _control.VerifyAll();
    }

    [Fact]
    public void Callbacks_for_after_the_outcome_go_to_the_control_and_a_missing_one_is_refused()
    {
        Func<ValueTask> callback = () => ValueTask.CompletedTask;
        _control.Setup(c => c.OnCompleted(callback));

        _response.OnCompleted(callback);

        _control.VerifyAll();
        Assert.Equal("callback", Assert.Throws<ArgumentNullException>(() => _response.OnCompleted(null!)).ParamName);
    }

    [Fact]
    public void The_unflushed_byte_count_is_the_controls()
    {
        _control.Setup(c => c.UnflushedBytes).Returns(42);

        Assert.True(_response.CanGetUnflushedBytes);
        Assert.Equal(42, _response.UnflushedBytes);
    }
}
