// The end-to-end demo: emulator (Function URL front) + samples/SseClock + one request, printing each
// Server-Sent Event with its arrival time.
//   dotnet run --project samples/Demo             the function runs on the JIT: needs only the .NET SDK
//   dotnet run --project samples/Demo -- --aot    publishes the Native AOT bootstrap first (needs clang)
//   dotnet run --project samples/Demo -- --serve  then keeps serving: open the printed URL in a browser
using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Reflection;
using LambdaStreaming.Emulator;

var aot = args.Contains("--aot");
var serve = args.Contains("--serve");
var function = aot ? await PublishAotAsync() : ["dotnet", Metadata("FunctionAssembly")];
Console.WriteLine($"function: {string.Join(' ', function)}");

var options = new EmulatorOptions
{
    RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
    HttpEndPoint = new IPEndPoint(IPAddress.Loopback, serve ? 9000 : 0),
    FunctionCommand = function,
    Log = TextWriter.Null,
};
await using var emulator = await EmulatorHost.StartAsync(options);

// Wait until the function polls for work, so the request below measures a warm function, not its start-up.
using (var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
{
    await emulator.Ledger.WaitForNextRequestsAsync(1, ready.Token);
}

var url = new Uri(emulator.HttpAddress, "stream?count=5&intervalMs=200");
using var http = new HttpClient();
var clock = Stopwatch.StartNew();
using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
Console.WriteLine($"GET {url} -> {(int)response.StatusCode} {response.Content.Headers.ContentType}");
double? firstEvent = null;
await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
{
    var at = clock.Elapsed.TotalMilliseconds;
    firstEvent ??= at;
    Console.WriteLine($"  +{at,8:0.0} ms  event: {item.EventType,-7} id: {item.EventId ?? "-",-2} data: {item.Data}");
}

Console.WriteLine($"first event at the client after {firstEvent:0.0} ms; whole stream {clock.Elapsed.TotalMilliseconds:0.0} ms");
if (serve)
{
    Console.WriteLine($"serving: open {emulator.HttpAddress}?count=10&intervalMs=1000 in a browser, or curl -N '{url}'. Ctrl+C stops.");
    var stop = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
    await stop.Task;
}

return 0;

static string Metadata(string key) =>
    Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

static async Task<string[]> PublishAotAsync()
{
    var output = Path.Combine(Path.GetTempPath(), "lambda-streaming-demo");
    Console.WriteLine("publishing samples/SseClock with Native AOT...");
    using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Metadata("FunctionProject"), "-c", "Release", "-r", "linux-x64", "-o", output, "-v", "quiet"]))!;
    await publish.WaitForExitAsync();
    if (publish.ExitCode != 0)
    {
        throw new InvalidOperationException("dotnet publish failed; Native AOT needs clang (apt-get install clang zlib1g-dev).");
    }

    return [Path.Combine(output, "bootstrap")];
}
