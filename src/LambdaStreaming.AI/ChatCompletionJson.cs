using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LambdaStreaming.AI;

/// <summary>
/// The OpenAI chat-completions documents, written with <see cref="Utf8JsonWriter"/> in OpenAI's field order: stream
/// chunks, the whole completion, and the error object. No reflection, so they serve under Native AOT.
/// </summary>
internal static class ChatCompletionJson
{
    // Token text is written as it is (é, emoji, quotes as \"), not \u-escaped for HTML: these documents are never embedded in a page.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One <c>chat.completion.chunk</c> with one choice: a delta (role on the first, content when any) and a finish reason when known.</summary>
    public static void WriteChunk(IBufferWriter<byte> output, string id, long created, string model, string? role, string? content, string? finishReason, bool usageNull)
    {
        using var json = new Utf8JsonWriter(output, Options);
        WriteHead(json, id, "chat.completion.chunk", created, model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("delta");
        if (role is not null)
        {
            json.WriteString("role", role);
        }
        if (content is not null)
        {
            json.WriteString("content", content);
        }
        json.WriteEndObject();
        json.WriteNull("logprobs");
        WriteNullableString(json, "finish_reason", finishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        if (usageNull)
        {
            json.WriteNull("usage");
        }
        json.WriteEndObject();
    }

    /// <summary>The usage chunk: no choices, and the counts (null when the client reported none).</summary>
    public static void WriteUsageChunk(IBufferWriter<byte> output, string id, long created, string model, UsageDetails? usage)
    {
        using var json = new Utf8JsonWriter(output, Options);
        WriteHead(json, id, "chat.completion.chunk", created, model);
        json.WriteStartArray("choices");
        json.WriteEndArray();
        WriteUsage(json, usage);
        json.WriteEndObject();
    }

    /// <summary>A whole <c>chat.completion</c>: one assistant message, its finish reason, and the usage.</summary>
    public static void WriteCompletion(IBufferWriter<byte> output, string id, long created, string model, string content, string finishReason, UsageDetails? usage)
    {
        using var json = new Utf8JsonWriter(output, Options);
        WriteHead(json, id, "chat.completion", created, model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", content);
        json.WriteNull("refusal");
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", finishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, usage);
        json.WriteEndObject();
    }

    /// <summary>OpenAI's error object: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
    public static void WriteError(IBufferWriter<byte> output, string message, string type, string? param, string? code)
    {
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", message);
        json.WriteString("type", type);
        WriteNullableString(json, "param", param);
        WriteNullableString(json, "code", code);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>OpenAI's name for a finish reason (<c>stop</c>, <c>length</c>, <c>tool_calls</c>, <c>content_filter</c>).</summary>
    public static string FinishReason(ChatFinishReason reason) => reason.Value;

    private static void WriteHead(Utf8JsonWriter json, string id, string kind, long created, string model)
    {
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("object", kind);
        json.WriteNumber("created", created);
        json.WriteString("model", model);
        json.WriteNull("system_fingerprint");
    }

    private static void WriteUsage(Utf8JsonWriter json, UsageDetails? usage)
    {
        if (usage is null)
        {
            json.WriteNull("usage");
            return;
        }
        json.WriteStartObject("usage");
        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        json.WriteNumber("prompt_tokens", input);
        json.WriteNumber("completion_tokens", output);
        json.WriteNumber("total_tokens", usage.TotalTokenCount ?? input + output);
        json.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
