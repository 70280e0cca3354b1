using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LambdaStreaming.AI;

/// <summary>
/// An OpenAI chat-completions request (<c>POST /v1/chat/completions</c>), read into Microsoft.Extensions.AI terms: the
/// messages, the options, whether to stream, and whether the stream should end with the usage.
/// </summary>
public sealed class ChatCompletionRequest
{
    private ChatCompletionRequest(string model, List<ChatMessage> messages, ChatOptions options, bool stream, bool includeUsage)
    {
        Model = model;
        Messages = messages;
        Options = options;
        Stream = stream;
        IncludeUsage = includeUsage;
    }

    /// <summary>The <c>model</c> asked for.</summary>
    public string Model { get; }

    /// <summary>The conversation: <c>system</c> and <c>developer</c> messages as <see cref="ChatRole.System"/>, <c>user</c>, <c>assistant</c> (text only: tool calls and <c>tools</c> are refused).</summary>
    public IList<ChatMessage> Messages { get; }

    /// <summary><c>model</c>, <c>temperature</c>, <c>top_p</c>, <c>max_completion_tokens</c> (or <c>max_tokens</c>), <c>stop</c>, <c>seed</c>, <c>frequency_penalty</c>, <c>presence_penalty</c>.</summary>
    public ChatOptions Options { get; }

    /// <summary><c>stream</c>: answer as Server-Sent Events.</summary>
    public bool Stream { get; }

    /// <summary><c>stream_options.include_usage</c>: end the stream with the usage chunk.</summary>
    public bool IncludeUsage { get; }

    /// <summary>Reads a request body.</summary>
    /// <exception cref="ChatCompletionRequestException">It is not JSON, not an object, has no <c>model</c> or no <c>messages</c>, a message has an unknown role or a content part other than text, it asks for tools, or a number is out of range; the message says which.</exception>
    public static ChatCompletionRequest Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new ChatCompletionRequestException($"The request body is not valid JSON ({ex.Message}). Send a chat-completions object: {{\"model\": ..., \"messages\": [...]}}.", null);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ChatCompletionRequestException("The request body must be a JSON object: {\"model\": ..., \"messages\": [...]}.", null);
            }
            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String && m.GetString() is { Length: > 0 } name
                ? name
                : throw new ChatCompletionRequestException("'model' is a required property: the name of the model to answer with.", "model");
            if (!root.TryGetProperty("messages", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw new ChatCompletionRequestException("'messages' is a required property: a non-empty array of {\"role\", \"content\"}.", "messages");
            }
            var messages = new List<ChatMessage>(list.GetArrayLength());
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                messages.Add(ReadMessage(item, index++));
            }
            var options = new ChatOptions { ModelId = model };
            options.Temperature = Single(root, "temperature");
            options.TopP = Single(root, "top_p");
            options.FrequencyPenalty = Single(root, "frequency_penalty");
            options.PresencePenalty = Single(root, "presence_penalty");
            options.MaxOutputTokens = Int(root, "max_completion_tokens") ?? Int(root, "max_tokens");
            options.Seed = root.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number
                ? seed.TryGetInt64(out var seedValue) ? seedValue : throw new ChatCompletionRequestException("'seed' must be an integer.", "seed")
                : null;
            if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
            {
                throw new ChatCompletionRequestException("'tools' is not supported by this endpoint: it streams text answers only.", "tools");
            }
            if (root.TryGetProperty("stop", out var stop))
            {
                options.StopSequences = stop.ValueKind switch
                {
                    JsonValueKind.String => [stop.GetString()!],
                    JsonValueKind.Array => [.. stop.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!)],
                    _ => null,
                };
            }
            var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
                && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
            return new ChatCompletionRequest(model, messages, options, stream, includeUsage);
        }
    }

    private static ChatMessage ReadMessage(JsonElement item, int index)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new ChatCompletionRequestException($"messages[{index}] must be an object: {{\"role\", \"content\"}}.", $"messages[{index}]");
        }
        var roleName = item.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var role = roleName switch
        {
            "system" or "developer" => ChatRole.System,
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "tool" or "function" => throw new ChatCompletionRequestException(
                $"messages[{index}].role '{roleName}' is not supported by this endpoint: it streams text answers and makes no tool calls.", $"messages[{index}].role"),
            _ => throw new ChatCompletionRequestException(
                $"messages[{index}].role is {(roleName is null ? "missing" : $"'{roleName}'")}: it must be one of 'system', 'developer', 'user', 'assistant'.", $"messages[{index}].role"),
        };
        if (item.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0)
        {
            throw new ChatCompletionRequestException($"messages[{index}].tool_calls is not supported by this endpoint: it makes no tool calls.", $"messages[{index}].tool_calls");
        }
        var text = !item.TryGetProperty("content", out var content) ? null : content.ValueKind switch
        {
            JsonValueKind.String => content.GetString(),
            JsonValueKind.Null => null,
            JsonValueKind.Array => string.Concat(content.EnumerateArray().Select((part, p) => TextPart(part, index, p))),
            _ => throw new ChatCompletionRequestException($"messages[{index}].content must be a string or an array of text parts.", $"messages[{index}].content"),
        };
        if (text is null && role != ChatRole.Assistant)
        {
            throw new ChatCompletionRequestException($"messages[{index}].content is required for the '{roleName}' role.", $"messages[{index}].content");
        }
        return new ChatMessage(role, text ?? "");
    }

    private static string TextPart(JsonElement part, int index, int partIndex) =>
        part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type) && type.ValueEquals("text")
            && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()!
            : throw new ChatCompletionRequestException($"messages[{index}].content[{partIndex}] is not a text part ({{\"type\": \"text\", \"text\": ...}}); only text is supported.", $"messages[{index}].content");

    private static float? Single(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number ? null
        : value.TryGetSingle(out var number) && float.IsFinite(number) ? number
        : throw new ChatCompletionRequestException($"'{name}' is out of range.", name);

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
