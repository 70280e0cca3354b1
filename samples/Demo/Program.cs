// The end-to-end demo: emulator + samples/ChunkedText + one request, with each chunk's arrival time.
//   dotnet run --project samples/Demo            (the function runs on the JIT: needs only the .NET SDK)
//   dotnet run --project samples/Demo -- --aot   (publishes the Native AOT bootstrap first: needs clang)
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using LambdaStreaming.Emulator;

var aot = args.Contains("--aot");
var function = aot ? await PublishAotAsync() : ["dotnet", Metadata("ChunkedTextAssembly")];
Console.WriteLine($"function: {string.Join(' ', function)}");

var options = new EmulatorOptions
{
    RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
    HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
    FunctionCommand = function,
};
await using var emulator = await EmulatorHost.StartAsync(options);
// Wait until the function polls for work, so the request below measures a warm function, not its start-up.
using (var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
{
    await emulator.Ledger.WaitForNextRequestsAsync(1, ready.Token);
}

using var http = new HttpClient();
var clock = Stopwatch.StartNew();
using var request = new HttpRequestMessage(HttpMethod.Post, emulator.InvokeUri) { Content = new StringContent("{}") };
using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
Console.WriteLine($"POST {emulator.InvokeUri} -> {(int)response.StatusCode} {response.Content.Headers.ContentType}");
await using var body = await response.Content.ReadAsStreamAsync();
var buffer = new byte[4096];
double? firstByte = null;
int read;
while ((read = await body.ReadAsync(buffer)) > 0)
{
    var at = clock.Elapsed.TotalMilliseconds;
    firstByte ??= at;
    Console.WriteLine($"  +{at,8:0.0} ms  {Escape(Encoding.UTF8.GetString(buffer, 0, read))}");
}
Console.WriteLine($"time to first byte at the client: {firstByte:0.0} ms; whole response: {clock.Elapsed.TotalMilliseconds:0.0} ms");
return 0;

static string Metadata(string key) =>
    Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

static string Escape(string text) => "\"" + text.Replace("\n", "\\n").Replace("\r", "\\r") + "\"";

static async Task<string[]> PublishAotAsync()
{
    var output = Path.Combine(Path.GetTempPath(), "lambda-streaming-demo");
    Console.WriteLine("publishing samples/ChunkedText with Native AOT...");
    using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Metadata("ChunkedTextProject"), "-c", "Release", "-r", "linux-x64", "-o", output, "-v", "quiet"]))!;
    await publish.WaitForExitAsync();
    if (publish.ExitCode != 0)
    {
        throw new InvalidOperationException("dotnet publish failed; Native AOT needs clang (apt-get install clang zlib1g-dev).");
    }
    return [Path.Combine(output, "bootstrap")];
}
