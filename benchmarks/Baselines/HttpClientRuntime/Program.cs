// A hand-written streaming runtime on HttpClient: long-poll next, then POST the response with chunked transfer
// encoding from a custom HttpContent that writes and flushes each piece as it is produced. Same events as
// benchmarks/Functions/StreamingBench.
using System.Buffers.Text;
using System.Net;
using HttpClientRuntime;

var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set.");
using var client = new HttpClient(new SocketsHttpHandler
{
    UseProxy = false,
    UseCookies = false,
    AutomaticDecompression = DecompressionMethods.None,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(15),
    ConnectTimeout = TimeSpan.FromSeconds(5),
})
{
    BaseAddress = new Uri($"http://{api}/2018-06-01/runtime/"),
    Timeout = Timeout.InfiniteTimeSpan,
};

while (true)
{
    using var next = await client.GetAsync("invocation/next");
    next.EnsureSuccessStatusCode();
    var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
    var @event = await next.Content.ReadAsByteArrayAsync();

    long total = 0;
    var bulk = @event.AsSpan().IndexOf("bulk:"u8);
    if (bulk >= 0)
    {
        Utf8Parser.TryParse(@event.AsSpan(bulk + "bulk:"u8.Length), out total, out _);
    }

    using var post = new HttpRequestMessage(HttpMethod.Post, $"invocation/{requestId}/response")
    {
        Content = new StreamingContent(total),
    };
    post.Headers.Add("Lambda-Runtime-Function-Response-Mode", "streaming");
    post.Headers.TransferEncodingChunked = true;

    // AWS's custom-runtime documentation: send the streamed response in chunks, then close the connection.
    post.Headers.ConnectionClose = true;
    using var accepted = await client.SendAsync(post);
    accepted.EnsureSuccessStatusCode();
}
