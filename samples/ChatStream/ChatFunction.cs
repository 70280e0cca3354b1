using System.Collections.Concurrent;
using System.Text;
using LambdaStreaming;
using LambdaStreaming.AI;
using LambdaStreaming.Http;
using Microsoft.Extensions.AI;

namespace ChatStream;

/// <summary>
/// Routes a Function URL request: <c>POST /v1/chat/completions</c> (OpenAI's chat completions, streamed or whole),
/// <c>GET /v1/models</c>, and <c>GET /</c>, the page. Anything else is a 404 in OpenAI's error shape.
/// </summary>
public sealed class ChatFunction(Func<string, IChatClient> createClient, IReadOnlyList<string> models)
{
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);

    public async Task HandleAsync(FunctionUrlRequest request, ResponseStream response, ILambdaContext context)
    {
        var path = request.RawPath is { Length: > 1 } raw ? raw.TrimEnd('/') : "/";
        switch (request.Method, path)
        {
            case ("GET", "/"):
                await response.WriteHttpResultAsync(HttpResult.Text(ChatPage.Html, contentType: "text/html; charset=utf-8"), context.CancellationToken);
                return;
            case ("GET", "/v1/models"):
                await response.WriteHttpResultAsync(HttpResult.Bytes(ModelList(), "application/json"), context.CancellationToken);
                return;
            case ("POST", "/v1/chat/completions"):
                await ChatAsync(request, response, context);
                return;
            default:
                await ErrorAsync(response, 404, $"Unknown request URL: {request.Method} {path}. Use POST /v1/chat/completions.", "invalid_request_error", null, "unknown_url", context);
                return;
        }
    }

    private async Task ChatAsync(FunctionUrlRequest request, ResponseStream response, ILambdaContext context)
    {
        ChatCompletionRequest chat;
        try
        {
            chat = ChatCompletionRequest.Parse(request.GetBodyBytes());
        }
        catch (Exception ex) when (ex is ChatCompletionRequestException or FormatException)
        {
            await ErrorAsync(response, 400, ex.Message, "invalid_request_error", (ex as ChatCompletionRequestException)?.Param, null, context);
            return;
        }
        if (!models.Contains(chat.Model))
        {
            await ErrorAsync(response, 404, $"The model '{chat.Model}' does not exist or you do not have access to it. This function serves: {string.Join(", ", models)}.",
                "invalid_request_error", "model", "model_not_found", context);
            return;
        }

        var client = _clients.GetOrAdd(chat.Model, createClient);
        context.Logger.LogInformation($"chat: model {chat.Model}, {chat.Messages.Count} messages, stream {chat.Stream}");
        if (chat.Stream)
        {
            await response.StreamChatCompletionAsync(
                client.GetStreamingResponseAsync(chat.Messages, chat.Options, context.CancellationToken),
                new ChatCompletionStreamOptions { Model = chat.Model, IncludeUsage = chat.IncludeUsage },
                context.CancellationToken);
            return;
        }
        var whole = await client.GetResponseAsync(chat.Messages, chat.Options, context.CancellationToken);
        await response.WriteHttpResultAsync(HttpResult.Bytes(OpenAIChatDocuments.Completion(whole, chat.Model), "application/json"), context.CancellationToken);
    }

    private byte[] ModelList()
    {
        var json = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (var i = 0; i < models.Count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"id\":\"").Append(System.Text.Json.JsonEncodedText.Encode(models[i])).Append("\",\"object\":\"model\",\"created\":0,\"owned_by\":\"chatstream\"}");
        }
        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    private static Task ErrorAsync(ResponseStream response, int status, string message, string type, string? param, string? code, ILambdaContext context) =>
        response.WriteHttpResultAsync(HttpResult.Bytes(OpenAIChatDocuments.Error(message, type, param, code), "application/json", status), context.CancellationToken);
}
