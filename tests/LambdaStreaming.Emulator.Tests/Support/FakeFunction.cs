using System.Text;

namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>Plays the function side of the Runtime API over real sockets.</summary>
internal sealed class FakeFunction(string runtimeApiAddress) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler())
    {
        BaseAddress = new Uri($"http://{runtimeApiAddress}/2018-06-01/runtime/"),
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public async Task<NextInvocation> NextAsync()
    {
        using var response = await _client.GetAsync("invocation/next");
        response.EnsureSuccessStatusCode();
        var requestId = response.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").Single();
        return new NextInvocation(requestId, response.Headers, await response.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> PostResponseAsync(string requestId, HttpContent content, bool streaming = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"invocation/{requestId}/response") { Content = content };
        if (streaming)
        {
            request.Headers.Add("Lambda-Runtime-Function-Response-Mode", "streaming");
            request.Headers.TransferEncodingChunked = true;
        }

        return _client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostResponseAsync(string requestId, string body, string contentType = "text/plain") =>
        PostResponseAsync(requestId, new StringContent(body, Encoding.UTF8, contentType));

    public Task<HttpResponseMessage> PostErrorAsync(string requestId, string errorType, string errorJson) =>
        PostErrorDocumentAsync($"invocation/{requestId}/error", errorType, errorJson);

    public Task<HttpResponseMessage> PostInitErrorAsync(string errorType, string errorJson) =>
        PostErrorDocumentAsync("init/error", errorType, errorJson);

    public void Dispose() => _client.Dispose();

    private Task<HttpResponseMessage> PostErrorDocumentAsync(string path, string errorType, string errorJson)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(errorJson, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", errorType);
        return _client.SendAsync(request);
    }
}
