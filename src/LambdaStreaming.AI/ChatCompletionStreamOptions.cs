namespace LambdaStreaming.AI;

/// <summary>How a streamed chat completion is written (OpenAI's chat-completions streaming format).</summary>
public sealed class ChatCompletionStreamOptions
{
    /// <summary>The <c>model</c> of every chunk: the model the request asked for.</summary>
    public required string Model { get; set; }

    /// <summary>The <c>id</c> of every chunk; the first update's <c>ResponseId</c>, else a new <c>chatcmpl-</c> id, when null.</summary>
    public string? CompletionId { get; set; }

    /// <summary>
    /// Whether a last chunk carries the token usage (<c>"choices": []</c>, <c>"usage": {...}</c>) before
    /// <c>[DONE]</c>, as OpenAI does for <c>stream_options.include_usage</c>; the other chunks then carry
    /// <c>"usage": null</c>. Its counts are those the client reported (<c>UsageContent</c>), else null.
    /// </summary>
    public bool IncludeUsage { get; set; }

    /// <summary>
    /// How long the stream may stay silent (the model thinking) before a comment line (<c>: heartbeat</c>) keeps
    /// proxies and browsers from closing it. Default 15 seconds; null for none.
    /// </summary>
    public TimeSpan? HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The clock for the heartbeat and for <c>created</c>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
