using System.Net;
using System.Text;
using LambdaStreaming.Emulator.Ledger;

namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>An emulator on ephemeral ports, with a fake function and an invoker talking to it.</summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    private readonly HttpClient _invoker = new(new SocketsHttpHandler()) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private TestEmulator(EmulatorHost host, StringWriter log)
    {
        Host = host;
        LogWriter = log;
        Function = new FakeFunction(host.RuntimeApiAddress);
    }

    public EmulatorHost Host { get; }

    public InvocationLedger Ledger => Host.Ledger;

    public FakeFunction Function { get; }

    public string Log => LogWriter.ToString();

    private StringWriter LogWriter { get; }

    public static async Task<TestEmulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var log = new StringWriter();
        var options = new EmulatorOptions
        {
            RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Log = log,
        };
        configure?.Invoke(options);
        return new TestEmulator(await EmulatorHost.StartAsync(options).Within(), log);
    }

    /// <summary>Invokes the function; completes when the response headers arrive, the body is read as it streams.</summary>
    public Task<HttpResponseMessage> InvokeAsync(string payload, string functionName = "function")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Host.HttpAddress, $"2015-03-31/functions/{functionName}/invocations"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        return _invoker.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Sends a request to the front door; completes when the response headers arrive.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        request.RequestUri = new Uri(Host.HttpAddress, request.RequestUri!.OriginalString.TrimStart('/'));
        return _invoker.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public async ValueTask DisposeAsync()
    {
        Function.Dispose();
        _invoker.Dispose();
        await Host.DisposeAsync();
    }
}
