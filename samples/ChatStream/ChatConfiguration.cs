using System.ClientModel;
using System.Globalization;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ChatStream;

/// <summary>
/// Which model serves the chat, from the function's environment:
/// <list type="bullet">
/// <item><c>CHATSTREAM_PROVIDER</c>: <c>standin</c> (the default: <see cref="StandInChatClient"/>, offline) or <c>openai</c> (any OpenAI-compatible endpoint).</item>
/// <item><c>CHATSTREAM_MODELS</c>: the model names clients may ask for, comma-separated (default <c>standin</c> for the stand-in; required for <c>openai</c>).</item>
/// <item><c>OPENAI_BASE_URL</c> and <c>OPENAI_API_KEY</c>: the endpoint (default <c>https://api.openai.com/v1</c>) and its key, for <c>openai</c>.</item>
/// <item><c>CHATSTREAM_STANDIN_DELAY_MS</c>: the stand-in's pause per word (default 80).</item>
/// </list>
/// </summary>
public sealed class ChatConfiguration
{
    private ChatConfiguration(string provider, IReadOnlyList<string> models, Uri? endpoint, string? apiKey, TimeSpan standInDelay)
    {
        Provider = provider;
        Models = models;
        Endpoint = endpoint;
        ApiKey = apiKey;
        StandInDelay = standInDelay;
    }

    public string Provider { get; }

    public IReadOnlyList<string> Models { get; }

    public Uri? Endpoint { get; }

    public string? ApiKey { get; }

    public TimeSpan StandInDelay { get; }

    /// <exception cref="InvalidOperationException">A variable is missing or malformed; the message names it and what to set.</exception>
    public static ChatConfiguration FromEnvironment(Func<string, string?> variable)
    {
        var provider = (variable("CHATSTREAM_PROVIDER") ?? "standin").Trim().ToLowerInvariant();
        var models = (variable("CHATSTREAM_MODELS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var delayText = variable("CHATSTREAM_STANDIN_DELAY_MS");
        var delay = 80;
        if (!string.IsNullOrWhiteSpace(delayText) && (!int.TryParse(delayText, NumberStyles.None, CultureInfo.InvariantCulture, out delay) || delay > 60_000))
        {
            throw new InvalidOperationException($"CHATSTREAM_STANDIN_DELAY_MS '{delayText}' is not a number of milliseconds from 0 to 60000.");
        }
        switch (provider)
        {
            case "standin":
                return new ChatConfiguration(provider, models.Length == 0 ? ["standin"] : models, null, null, TimeSpan.FromMilliseconds(delay));
            case "openai":
                if (models.Length == 0)
                {
                    throw new InvalidOperationException("CHATSTREAM_MODELS is not set: with CHATSTREAM_PROVIDER=openai, name the models clients may ask for (e.g. CHATSTREAM_MODELS=gpt-4o-mini).");
                }
                var baseUrl = variable("OPENAI_BASE_URL") is { Length: > 0 } url ? url : "https://api.openai.com/v1";
                if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var endpoint))
                {
                    throw new InvalidOperationException($"OPENAI_BASE_URL '{baseUrl}' is not an absolute URL (e.g. https://api.openai.com/v1).");
                }
                var key = variable("OPENAI_API_KEY") is { Length: > 0 } k ? k
                    : throw new InvalidOperationException("OPENAI_API_KEY is not set: with CHATSTREAM_PROVIDER=openai, give the endpoint's API key.");
                return new ChatConfiguration(provider, models, endpoint, key, TimeSpan.Zero);
            default:
                throw new InvalidOperationException($"CHATSTREAM_PROVIDER '{provider}' is not 'standin' or 'openai'.");
        }
    }

    /// <summary>The chat client the configuration names; for <c>openai</c>, one per model is made on demand by <see cref="ChatFunction"/>.</summary>
    public Func<string, IChatClient> CreateClient()
    {
        if (Provider == "standin")
        {
            var standIn = new StandInChatClient(StandInDelay);
            return _ => standIn;
        }
        var client = new OpenAIClient(new ApiKeyCredential(ApiKey!), new OpenAIClientOptions { Endpoint = Endpoint });
        return model => client.GetChatClient(model).AsIChatClient();
    }
}
