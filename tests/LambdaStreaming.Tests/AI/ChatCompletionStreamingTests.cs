using System.Runtime.CompilerServices;
using System.Text.Json;
using LambdaStreaming.AI;
using LambdaStreaming.Hosting;
using LambdaStreaming.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace LambdaStreaming.Tests.AI;

/// <summary>
/// An IChatClient's stream written as OpenAI's chat-completions stream, recorded in memory and read back with
/// <c>SseParser</c>: the chunks, the finish reason, the usage, <c>[DONE]</c>, and an error after the first token.
/// </summary>
public sealed class ChatCompletionStreamingTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Each_update_is_one_chunk_event_then_a_finish_chunk_and_DONE()
    {
        var record = await LambdaTestHost.InvokeAsync((request, response, context) =>
            response.StreamChatCompletionAsync(Updates("Hello", ",", " world"), new ChatCompletionStreamOptions { Model = "m-1", CompletionId = "chatcmpl-1", TimeProvider = _time }), "{}");

        Assert.Equal(ResponseOutcome.Stream, record.Outcome);
        Assert.Equal("text/event-stream; charset=utf-8", record.Prelude!.Headers["content-type"]);
        var events = record.ServerSentEvents().Select(e => e.Data).ToList();
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events.SkipLast(1).Select(data => JsonDocument.Parse(data).RootElement).ToList();
        Assert.Equal(4, chunks.Count);
        foreach (var chunk in chunks)
        {
            Assert.Equal("chatcmpl-1", chunk.GetProperty("id").GetString());
            Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString());
            Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds(), chunk.GetProperty("created").GetInt64());
            Assert.Equal("m-1", chunk.GetProperty("model").GetString());
            Assert.False(chunk.TryGetProperty("usage", out _));
        }
        Assert.Equal("assistant", Delta(chunks[0]).GetProperty("role").GetString());
        Assert.All(chunks.Skip(1), chunk => Assert.False(Delta(chunk).TryGetProperty("role", out _)));
        Assert.Equal(["Hello", ",", " world"], chunks.Take(3).Select(chunk => Delta(chunk).GetProperty("content").GetString()));
        Assert.All(chunks.Take(3), chunk => Assert.Equal(JsonValueKind.Null, Choice(chunk).GetProperty("finish_reason").ValueKind));
        Assert.Equal("stop", Choice(chunks[3]).GetProperty("finish_reason").GetString());
        Assert.Empty(Delta(chunks[3]).EnumerateObject());
        // One event per chunk on the wire: tokens leave as they come.
        Assert.Equal(events.Count, record.Chunks.Count);
    }

    [Fact]
    public async Task The_finish_reason_of_the_model_is_kept_and_usage_is_a_last_chunk_when_asked_for()
    {
        async IAsyncEnumerable<ChatResponseUpdate> Model()
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "cut") { ResponseId = "resp-7" };
            await Task.Yield();
            yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Length };
            yield return new ChatResponseUpdate { Contents = [new UsageContent(new UsageDetails { InputTokenCount = 11, OutputTokenCount = 2 })] };
        }

        var record = await LambdaTestHost.InvokeAsync((request, response, context) =>
            response.StreamChatCompletionAsync(Model(), new ChatCompletionStreamOptions { Model = "m-1", IncludeUsage = true }), "{}");

        var data = record.ServerSentEvents().Select(e => e.Data).ToList();
        Assert.Equal(["chunk", "chunk", "usage", "[DONE]"], data.Select(d => d == "[DONE]" ? d : JsonDocument.Parse(d).RootElement.GetProperty("choices").GetArrayLength() == 0 ? "usage" : "chunk"));
        var chunks = data.Take(3).Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.All(chunks, chunk => Assert.Equal("resp-7", chunk.GetProperty("id").GetString()));
        Assert.Equal("length", Choice(chunks[1]).GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, chunks[0].GetProperty("usage").ValueKind);
        var usage = chunks[2].GetProperty("usage");
        Assert.Equal((11, 2, 13), (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32()));
    }

    [Fact]
    public async Task A_failure_after_the_first_token_sends_OpenAIs_error_object_without_DONE_and_ends_with_the_error_trailers()
    {
        async IAsyncEnumerable<ChatResponseUpdate> Model()
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Partial");
            await Task.Yield();
            throw new HttpRequestException("upstream reset the connection (secret internal detail)");
        }

        var record = await LambdaTestHost.InvokeAsync((request, response, context) =>
            response.StreamChatCompletionAsync(Model(), new ChatCompletionStreamOptions { Model = "m-1" }), "{}");

        Assert.Equal(ResponseOutcome.StreamWithErrorTrailers, record.Outcome);
        Assert.Equal("System.Net.Http.HttpRequestException", JsonDocument.Parse(record.Error!.Json).RootElement.GetProperty("errorType").GetString());
        var data = record.ServerSentEvents().Select(e => e.Data).ToList();
        Assert.Equal(2, data.Count);
        Assert.DoesNotContain("[DONE]", data);
        var error = JsonDocument.Parse(data[1]).RootElement.GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.DoesNotContain("secret", data[1]);
    }

    [Fact]
    public async Task Cancellation_at_the_deadline_ends_the_answer_with_a_timeout_error()
    {
        var context = new TestLambdaContext(_time) { Deadline = _time.GetUtcNow().AddSeconds(10) };
        var firstSent = new TaskCompletionSource();
        async IAsyncEnumerable<ChatResponseUpdate> Model([EnumeratorCancellation] CancellationToken token = default)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Thinking");
            firstSent.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "never");
        }

        var invocation = LambdaTestHost.InvokeAsync((request, response, lambda) =>
            response.StreamChatCompletionAsync(Model(), new ChatCompletionStreamOptions { Model = "m-1", HeartbeatInterval = null, TimeProvider = _time }, lambda.CancellationToken), "{}", context);
        await firstSent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(10));
        var record = await invocation.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ResponseOutcome.StreamWithErrorTrailers, record.Outcome);
        var last = JsonDocument.Parse(record.ServerSentEvents()[^1].Data).RootElement.GetProperty("error");
        Assert.Equal("timeout", last.GetProperty("code").GetString());
    }

    [Fact]
    public async Task While_the_model_is_silent_a_heartbeat_comment_keeps_the_stream_open()
    {
        var context = new TestLambdaContext(_time) { Deadline = _time.GetUtcNow().AddHours(1) };
        var release = new TaskCompletionSource();
        async IAsyncEnumerable<ChatResponseUpdate> Model()
        {
            await release.Task;
            yield return new ChatResponseUpdate(ChatRole.Assistant, "late");
        }

        var invocation = LambdaTestHost.InvokeAsync((request, response, lambda) =>
            response.StreamChatCompletionAsync(Model(), new ChatCompletionStreamOptions { Model = "m-1", HeartbeatInterval = TimeSpan.FromSeconds(15), TimeProvider = _time }), "{}", context);
        // The heartbeat waits on the fake clock, whose Advance runs the timer's continuation at once: a minute of it
        // (four heartbeat intervals) is certain to have written at least one comment.
        while (!invocation.IsCompleted && _time.GetUtcNow() < new DateTimeOffset(2026, 12, 1, 12, 1, 0, TimeSpan.Zero))
        {
            _time.Advance(TimeSpan.FromSeconds(16));
            await Task.Yield();
        }
        release.SetResult();
        var record = await invocation.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(": heartbeat\n", record.BodyText);
        Assert.Equal("[DONE]", record.ServerSentEvents()[^1].Data);
    }

    private static JsonElement Choice(JsonElement chunk) => chunk.GetProperty("choices")[0];

    private static JsonElement Delta(JsonElement chunk) => Choice(chunk).GetProperty("delta");

    private static async IAsyncEnumerable<ChatResponseUpdate> Updates(params string[] texts)
    {
        foreach (var text in texts)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text);
        }
    }
}
