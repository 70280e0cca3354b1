using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// A local stand-in for an OpenAI-compatible model service (Kestrel): <c>POST /v1/chat/completions</c> streams the
/// given tokens as <c>chat.completion.chunk</c> events, a few milliseconds apart, then <c>[DONE]</c>; or, when told to,
/// aborts the connection after the first token, when the test says so. It records each request it received.
/// </summary>
internal sealed class OpenAIStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string? Authorization, JsonElement Body)> _requests = [];

    private OpenAIStub(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<(string? Authorization, JsonElement Body)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <param name="tokens">The answer's tokens.</param>
    /// <param name="failAfterFirstToken">When given, the connection is aborted after the first token once this completes.</param>
    public static async Task<OpenAIStub> StartAsync(IReadOnlyList<string> tokens, Task? failAfterFirstToken = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var stub = new OpenAIStub(app);
        app.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var body = (await JsonDocument.ParseAsync(http.Request.Body)).RootElement.Clone();
            lock (stub._requests)
            {
                stub._requests.Add((http.Request.Headers.Authorization.ToString(), body));
            }
            var model = body.GetProperty("model").GetString();
            http.Response.ContentType = "text/event-stream";
            for (var i = 0; i < tokens.Count; i++)
            {
                var delta = i == 0 ? $$"""{"role":"assistant","content":{{JsonSerializer.Serialize(tokens[i])}}}""" : $$"""{"content":{{JsonSerializer.Serialize(tokens[i])}}}""";
                await WriteAsync(http, $$"""{"id":"chatcmpl-stub","object":"chat.completion.chunk","created":1764590000,"model":"{{model}}","choices":[{"index":0,"delta":{{delta}},"finish_reason":null}]}""");
                if (failAfterFirstToken is not null)
                {
                    await failAfterFirstToken;
                    http.Abort();
                    return;
                }
                await Task.Delay(20);
            }
            await WriteAsync(http, $$"""{"id":"chatcmpl-stub","object":"chat.completion.chunk","created":1764590000,"model":"{{model}}","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""");
            await WriteAsync(http, "[DONE]");
        });
        await app.StartAsync();
        stub.BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/v1/");
        return stub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task WriteAsync(HttpContext http, string data)
    {
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"));
        await http.Response.Body.FlushAsync();
    }
}
