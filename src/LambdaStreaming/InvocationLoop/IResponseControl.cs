using System.IO.Pipelines;

namespace LambdaStreaming.InvocationLoop;

/// <summary>
/// The response of one invocation as the loop runs it; the public <c>ResponseStream</c> forwards to it. It
/// owns the state of the response and ends it, once, with the invocation's single outcome.
/// </summary>
internal interface IResponseControl
{
    /// <summary>The content type of a streamed response; settable until its body begins.</summary>
    string ContentType { get; set; }

    /// <summary>True once bytes were sent: a failure can then only travel in trailers.</summary>
    bool HasStarted { get; }

    /// <summary>Body bytes written so far, flushed or not.</summary>
    long BytesWritten { get; }

    /// <summary>Body bytes written since the last flush.</summary>
    long UnflushedBytes { get; }

    /// <summary>Memory for the body, the wire's own (a span is this memory's: the writers here have no cheaper one).</summary>
    Memory<byte> GetMemory(int sizeHint);

    void Advance(int bytes);

    ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken);

    void CancelPendingFlush();

    /// <summary>Nothing more will be written; an exception fails the invocation when the handler returns.</summary>
    void Complete(Exception? exception);

    /// <summary>Ends the stream now (without an exception) and reads the acknowledgement.</summary>
    ValueTask CompleteAsync(Exception? exception);

    /// <summary>Makes the response a whole one, sent once the handler returns.</summary>
    void SetBufferedResult(ReadOnlyMemory<byte> body, string contentType);

    /// <summary>Registers work that must finish before the response ends (a heartbeat's last write, say).</summary>
    void OnCompleting(Func<ValueTask> callback);

    /// <summary>Registers work to run once the outcome is reported (or given up on), before the next invocation.</summary>
    void OnCompleted(Func<ValueTask> callback);
}
