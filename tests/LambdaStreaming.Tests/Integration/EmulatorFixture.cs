using System.Net;
using LambdaStreaming.Emulator;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>Starts the emulator on ephemeral ports, optionally with a function process, and invokes through HTTP.</summary>
internal static class EmulatorFixture
{
    public static Task<EmulatorHost> StartAsync(int maxConcurrency = 1, IReadOnlyList<string>? functionCommand = null, TimeSpan? timeout = null, FrontKind front = FrontKind.FunctionUrl, bool activeTracing = false, TextWriter? log = null, IDictionary<string, string>? environment = null)
    {
        var options = new EmulatorOptions
        {
            RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            MaxConcurrency = maxConcurrency,
            FunctionCommand = functionCommand,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
            Log = log ?? TextWriter.Null,
            Front = front,
            ActiveTracing = activeTracing,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            options.Environment[name] = value;
        }
        return EmulatorHost.StartAsync(options);
    }

    /// <summary>Sends an event to the Invoke API, which answers once the function's payload is complete.</summary>
    public static async Task<HttpResponseMessage> InvokeAsync(this EmulatorHost emulator, HttpClient http, string payload = "{}")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, emulator.InvokeUri) { Content = new StringContent(payload) };
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WithGuard();
    }

    /// <summary>
    /// Sends a request to the Function URL front and returns the response with its body still streaming: the front
    /// forwards a response without the HTTP prelude as it arrives (the Invoke API answers only once it is complete).
    /// </summary>
    public static async Task<HttpResponseMessage> StreamAsync(this EmulatorHost emulator, HttpClient http, string path = "stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.HttpAddress, path));
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WithGuard();
    }

    public static string RequestId(this HttpResponseMessage response) => response.Headers.GetValues("X-Amzn-RequestId").Single();
}
