// Exactly-once accounting under faults: every invocation the emulator issues must end exactly once (a response,
// an error or a timeout) while the emulator injects Runtime API faults at random. Exits 1 on any lost or
// duplicated outcome. Last line:
//   invocations N faults F responses A errors B timeouts C lost L duplicated D rss_start_MiB X rss_end_MiB Y
using System.Globalization;
using System.Net;
using System.Reflection;
using LambdaStreaming.Emulator;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Soak;

SoakOptions options;
try
{
    options = SoakOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var function = options.Function ?? ["dotnet", Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionAssembly").Value!];
var emulatorOptions = new EmulatorOptions
{
    RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
    HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
    FunctionCommand = function,
    FaultRate = options.FaultRate,
    FaultSeed = options.Seed,
    Timeout = TimeSpan.FromSeconds(10),
    Log = TextWriter.Null,
};

// The function's per-invocation error lines (half the invocations fail on purpose) would drown the summary.
emulatorOptions.Environment["AWS_LAMBDA_LOG_LEVEL"] = "FATAL";
await using var emulator = await EmulatorHost.StartAsync(emulatorOptions);
using (var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
{
    await emulator.Ledger.WaitForNextRequestsAsync(1, ready.Token);
}

string[] kinds = ["stream", "buffered", "throw-before", "throw-after"];
var random = new Random(options.Seed);
using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
(double RssMiB, int Handles)? start = null;
(double RssMiB, int Handles)? end = null;
for (var i = 0; i < options.Invocations; i++)
{
    // Mostly successes, like production; every failure shape still shows up often.
    var kind = random.NextDouble() < 0.7 ? kinds[random.Next(2)] : kinds[2 + random.Next(2)];
    try
    {
        using var response = await http.PostAsync(emulator.InvokeUri, new StringContent(kind));
        await response.Content.ReadAsByteArrayAsync();
    }
    catch (HttpRequestException)
    {
        // A failure after bytes, or an injected cut, ends the invoker's response abnormally: expected here.
    }

    if (i == Math.Min(100, options.Invocations - 1))
    {
        start = ProcessStats.Read(emulator.FunctionProcessId);
    }

    if ((i + 1) % 10_000 == 0)
    {
        var now = ProcessStats.Read(emulator.FunctionProcessId);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1} invocations, function rss {now?.RssMiB:0.0} MiB, handles {now?.Handles}"));
    }
}

end = ProcessStats.Read(emulator.FunctionProcessId);

// What the emulator issued is the truth to account for, whatever the invoker managed to see.
var issued = emulator.Ledger.Queued;
using (var settle = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
{
    await emulator.Ledger.WaitForCompletedAsync(issued.Count, settle.Token);
}

var records = emulator.Ledger.Completed;
var outcomes = records.GroupBy(r => r.RequestId).ToDictionary(g => g.Key, g => g.Count());
var lost = issued.Count(id => !outcomes.ContainsKey(id));
var duplicated = outcomes.Values.Count(count => count > 1);
var responses = records.Count(r => r.Outcome == InvocationOutcome.Response);
var errors = records.Count(r => r.Outcome is InvocationOutcome.Error or InvocationOutcome.StreamError);
var timeouts = records.Count(r => r.Outcome == InvocationOutcome.Timeout);
var faults = emulator.InjectedFaults.Values.Sum();
Console.WriteLine($"faults by kind: {string.Join(", ", emulator.InjectedFaults.Select(f => $"{f.Key}={f.Value}"))}; " +
    $"function restarts: {emulator.Ledger.ProcessExits.Count}; duplicate reports refused: {emulator.Ledger.RejectedReports.Count(r => r.Reason == RejectionReason.Duplicate)}; " +
    $"handles {start?.Handles} -> {end?.Handles}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"invocations {issued.Count} faults {faults} responses {responses} errors {errors} timeouts {timeouts} lost {lost} duplicated {duplicated} rss_start_MiB {start?.RssMiB:0.0} rss_end_MiB {end?.RssMiB:0.0}"));
return lost == 0 && duplicated == 0 && responses + errors + timeouts == issued.Count ? 0 : 1;
