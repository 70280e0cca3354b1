// The end-to-end harness: our runtime, an HttpClient-based baseline and this machine's floors, in one run.
//   dotnet run -c Release --project benchmarks/LambdaStreaming.EndToEnd -- [--quick] [--json FILE] [--svg FILE]
using LambdaStreaming.EndToEnd;

HarnessOptions? options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (options is null)
{
    Console.WriteLine(HarnessOptions.Usage);
    return 0;
}

var root = AotPublisher.FindRepositoryRoot();
var oursBinary = options.Ours ?? await AotPublisher.PublishAsync(root, "benchmarks/Functions/StreamingBench/StreamingBench.csproj", "bootstrap");
var baselineBinary = options.Baseline ?? await AotPublisher.PublishAsync(root, "benchmarks/Baselines/HttpClientRuntime/HttpClientRuntime.csproj", "bootstrap");
var nullBinary = options.NullRuntime ?? await AotPublisher.PublishAsync(root, "benchmarks/Floors/NullRuntime/NullRuntime.csproj", "bootstrap");
var helloBinary = options.Hello ?? await AotPublisher.PublishAsync(root, "benchmarks/Floors/HelloAot/HelloAot.csproj", "bootstrap");

var clock = System.Diagnostics.Stopwatch.StartNew();
Console.Error.WriteLine($"measuring ({(options.Quick ? "quick" : "full")}): floors...");
var floor = new FloorFigures(
    await LoopbackFloors.RoundTripP50MicrosecondsAsync(options.Invocations),
    await LoopbackFloors.ThroughputMBpsAsync(options.FloorThroughputBytes),
    await ColdStartProbe.MedianStartToExitAsync(helloBinary, options.Spawns));

async Task<RuntimeFigures> MeasureAsync(string name, string binary)
{
    Console.Error.WriteLine($"measuring {name}...");
    var (ttfb, rate) = await RuntimeBenchmark.MeasureSmallAsync(binary, options);
    var (throughput, rss) = await RuntimeBenchmark.MeasureBulkAsync(binary, options);
    var coldStart = await ColdStartProbe.MedianStartToNextAsync(binary, options.Spawns);
    return new RuntimeFigures(name, ttfb, rate, throughput, rss, coldStart, new FileInfo(binary).Length);
}

// Interleaved per figure would be fairer still; one after the other keeps each runtime's caches its own.
var ours = await MeasureAsync("ours (LambdaStreaming)", oursBinary);
var baseline = await MeasureAsync("baseline (HttpClient)", baselineBinary);
var protocolFloor = await MeasureAsync("null runtime (protocol floor)", nullBinary);

Console.WriteLine($"LambdaStreaming end-to-end, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {(options.Quick ? "--quick" : "full")}: " +
    $"{options.Invocations} invocations after {options.WarmUp} warm-up, {options.BulkBytes / (1024 * 1024)} MiB bulk in 64 KiB chunks, {options.Spawns} spawns");
Console.WriteLine(ReportTable.Render(ours, baseline, protocolFloor, floor));
Console.Error.WriteLine($"measured in {clock.Elapsed.TotalSeconds:0.0} s");

if (options.JsonPath is { } jsonPath)
{
    CreateParent(jsonPath);
    await JsonReport.WriteAsync(jsonPath, ours, baseline, protocolFloor, floor);
}

if (options.SvgPath is { } svgPath)
{
    CreateParent(svgPath);
    await File.WriteAllTextAsync(svgPath, TtfbChart.Render($"TTFB, {options.Invocations} warm invocations each", ours, baseline, protocolFloor));
}

return 0;

static void CreateParent(string path) => Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
