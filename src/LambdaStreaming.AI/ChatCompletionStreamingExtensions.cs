using System.Buffers;
using LambdaStreaming.Http;
using Microsoft.Extensions.AI;

namespace LambdaStreaming.AI;

/// <summary>
/// Writes a language model's streaming answer (<see cref="IChatClient.GetStreamingResponseAsync"/>) as OpenAI's
/// chat-completions stream, which OpenAI's SDKs and most chat front-ends read: one <c>chat.completion.chunk</c> event
/// per update with text, a last chunk with the finish reason, the usage chunk when asked for, then <c>data: [DONE]</c>.
/// </summary>
public static class ChatCompletionStreamingExtensions
{
    /// <summary>
    /// Starts a Server-Sent Events response (status 200, <c>text/event-stream</c>, with a heartbeat while the model
    /// is silent) and writes <paramref name="updates"/> into it: see <see cref="WriteChatCompletionAsync"/>.
    /// </summary>
    /// <param name="response">The invocation's response; nothing may have been written to it yet.</param>
    /// <param name="updates">The model's stream, e.g. <c>chatClient.GetStreamingResponseAsync(messages, options, token)</c>.</param>
    /// <param name="options">The model name and how to write.</param>
    /// <param name="cancellationToken">Stops the stream: give it the invocation's <c>context.CancellationToken</c> so the answer ends before the deadline.</param>
    public static async Task StreamChatCompletionAsync(this ResponseStream response, IAsyncEnumerable<ChatResponseUpdate> updates, ChatCompletionStreamOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(options);
        await using var events = response.StartServerSentEvents(new ServerSentEventOptions { HeartbeatInterval = options.HeartbeatInterval, TimeProvider = options.TimeProvider });
        await events.WriteChatCompletionAsync(updates, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="updates"/> as <c>chat.completion.chunk</c> events: the first carries the
    /// <c>assistant</c> role, each update with text its <c>content</c>, the update with a finish reason (or a last
    /// chunk, <c>stop</c>, when none had one) its <c>finish_reason</c>; then the usage chunk when
    /// <see cref="ChatCompletionStreamOptions.IncludeUsage"/>, then <c>data: [DONE]</c>.
    /// </summary>
    /// <remarks>
    /// When the model's stream fails (or <paramref name="cancellationToken"/> fires) the last event is OpenAI's error
    /// object, <c>data: {"error": {...}}</c>, with a generic message (the exception itself goes to the function's log
    /// when the runtime reports it), there is no <c>[DONE]</c>, and the exception is rethrown, so that the runtime
    /// ends the Lambda stream with its error trailers: a client can tell a cut answer from a finished one.
    /// </remarks>
    /// <param name="events">The response's event writer.</param>
    /// <param name="updates">The model's stream.</param>
    /// <param name="options">The model name and how to write.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    public static async Task WriteChatCompletionAsync(this ServerSentEventWriter events, IAsyncEnumerable<ChatResponseUpdate> updates, ChatCompletionStreamOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Model);
        var buffer = new ArrayBufferWriter<byte>(256);
        var created = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        var id = options.CompletionId;
        var model = options.Model;
        var roleSent = false;
        var finished = false;
        UsageDetails? usage = null;
        try
        {
            await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                id ??= string.IsNullOrEmpty(update.ResponseId) ? NewId() : update.ResponseId;
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent reported)
                    {
                        (usage ??= new UsageDetails()).Add(reported.Details);
                    }
                }
                var text = update.Text;
                var finishReason = update.FinishReason is { } reason ? ChatCompletionJson.FinishReason(reason) : null;
                if (text.Length == 0 && finishReason is null)
                {
                    continue;
                }
                buffer.ResetWrittenCount();
                ChatCompletionJson.WriteChunk(buffer, id, created, model, roleSent ? null : "assistant", text.Length == 0 ? null : text, finishReason, options.IncludeUsage);
                roleSent = true;
                finished |= finishReason is not null;
                await events.WriteAsync(buffer.WrittenMemory, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            var timedOut = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
            await TryWriteErrorAsync(events, buffer, timedOut).ConfigureAwait(false);
            throw;
        }

        id ??= NewId();
        if (!finished)
        {
            buffer.ResetWrittenCount();
            ChatCompletionJson.WriteChunk(buffer, id, created, model, roleSent ? null : "assistant", roleSent ? null : "", "stop", options.IncludeUsage);
            await events.WriteAsync(buffer.WrittenMemory, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        if (options.IncludeUsage)
        {
            buffer.ResetWrittenCount();
            ChatCompletionJson.WriteUsageChunk(buffer, id, created, model, usage);
            await events.WriteAsync(buffer.WrittenMemory, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        await events.WriteAsync("[DONE]", cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task TryWriteErrorAsync(ServerSentEventWriter events, ArrayBufferWriter<byte> buffer, bool timedOut)
    {
        buffer.ResetWrittenCount();
        ChatCompletionJson.WriteError(buffer,
            timedOut ? "The answer was cut off: its stream was cancelled (the function's deadline, or the caller's token)." : "The model's answer failed before it was complete.",
            "server_error", param: null, code: timedOut ? "timeout" : null);
        try
        {
            // Not the stream's token: it may be the one that fired, and the error must still go out.
            await events.WriteAsync(buffer.WrittenMemory, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection is gone as well: the error trailers still tell Lambda.
        }
    }

    private static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N");
}
