using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ChatStream;

/// <summary>
/// A stand-in for a language model, for offline use and tests: it answers every conversation with the same canned
/// text, one word per update, <see cref="WordDelay"/> apart, and reports made-up token counts. It is not a model.
/// </summary>
public sealed class StandInChatClient(TimeSpan wordDelay) : IChatClient
{
    /// <summary>The stand-in's answer (its words, with their spaces, are the updates).</summary>
    public const string CannedAnswer = "This is the stand-in model of the ChatStream sample: it streams a canned answer word by word, so you can watch tokens arrive.";

    /// <summary>The pause before each word.</summary>
    public TimeSpan WordDelay { get; } = wordDelay;

    /// <summary>The words as the updates carry them: each but the first with its leading space.</summary>
    public static IReadOnlyList<string> Words { get; } = CannedAnswer.Split(' ').Select((word, i) => i == 0 ? word : " " + word).ToArray();

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }
        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = messages.Sum(message => message.Text.Length);
        foreach (var word in Words)
        {
            await Task.Delay(WordDelay, cancellationToken).ConfigureAwait(false);
            yield return new ChatResponseUpdate(ChatRole.Assistant, word) { ModelId = options?.ModelId };
        }
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            FinishReason = ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = prompt / 4 + 1, OutputTokenCount = Words.Count, TotalTokenCount = prompt / 4 + 1 + Words.Count })],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
