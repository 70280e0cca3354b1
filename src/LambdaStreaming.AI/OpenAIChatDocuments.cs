using System.Buffers;
using Microsoft.Extensions.AI;

namespace LambdaStreaming.AI;

/// <summary>The whole (non-streamed) OpenAI documents: a <c>chat.completion</c> and the error object.</summary>
public static class OpenAIChatDocuments
{
    /// <summary>A <c>chat.completion</c> of <paramref name="response"/>: its text as the assistant's message, its finish reason (<c>stop</c> when none), its usage.</summary>
    /// <param name="response">The model's whole answer (<see cref="IChatClient.GetResponseAsync"/>).</param>
    /// <param name="model">The model the request asked for.</param>
    /// <param name="time">The clock for <c>created</c> when the response has no time of its own.</param>
    public static byte[] Completion(ChatResponse response, string model, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentException.ThrowIfNullOrEmpty(model);
        var buffer = new ArrayBufferWriter<byte>(512);
        var created = (response.CreatedAt ?? (time ?? TimeProvider.System).GetUtcNow()).ToUnixTimeSeconds();
        var id = string.IsNullOrEmpty(response.ResponseId) ? "chatcmpl-" + Guid.NewGuid().ToString("N") : response.ResponseId;
        var finishReason = response.FinishReason is { } reason ? ChatCompletionJson.FinishReason(reason) : "stop";
        ChatCompletionJson.WriteCompletion(buffer, id, created, model, response.Text, finishReason, response.Usage);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>OpenAI's error object, <c>{"error": {"message", "type", "param", "code"}}</c>, as OpenAI's SDKs read it.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="type">OpenAI's kind: <c>invalid_request_error</c>, <c>server_error</c>...</param>
    /// <param name="param">The request field at fault, if one is.</param>
    /// <param name="code">A machine-readable code (<c>model_not_found</c>...), if any.</param>
    public static byte[] Error(string message, string type, string? param = null, string? code = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        ArgumentException.ThrowIfNullOrEmpty(type);
        var buffer = new ArrayBufferWriter<byte>(256);
        ChatCompletionJson.WriteError(buffer, message, type, param, code);
        return buffer.WrittenSpan.ToArray();
    }
}
