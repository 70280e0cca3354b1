namespace LambdaStreaming.AI;

/// <summary>An OpenAI chat-completions request that cannot be served; answer it with 400 and <see cref="OpenAIChatDocuments.Error"/>.</summary>
public sealed class ChatCompletionRequestException : Exception
{
    /// <summary>A refusal of the request, naming the field at fault.</summary>
    /// <param name="message">What is wrong and what to send instead.</param>
    /// <param name="param">The field, as OpenAI names it in its errors (<c>messages</c>, <c>messages[1].role</c>...), if one is at fault.</param>
    public ChatCompletionRequestException(string message, string? param)
        : base(message) => Param = param;

    /// <summary>The field at fault, if one is.</summary>
    public string? Param { get; }
}
