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
var aspNetCoreBinary = !options.AspNetCore ? null : options.AspNetCoreBinary ?? await AotPublisher.PublishAsync(root, "benchmarks/Functions/AspNetCoreBench/AspNetCoreBench.csproj", "bootstrap");

var clock = System.Diagnostics.Stopwatch.StartNew();
Console.Error.WriteLine($"measuring ({(options.Quick ? "quick" : "full")}): floors...");
var floor = new FloorFigures(
    await LoopbackFloors.RoundTripP50MicrosecondsAsync(options.Invocations),
    await LoopbackFloors.ThroughputMBpsAsync(options.FloorThroughputBytes),
    await ColdStartProbe.MedianStartToExitAsync(helloBinary, options.Spawns));

string[] names = ["ours (LambdaStreaming)", "baseline (HttpClient)", "null runtime (protocol floor)", .. aspNetCoreBinary is null ? Array.Empty<string>() : ["ours, ASP.NET Core host"]];
string[] binaries = [oursBinary, baselineBinary, nullBinary, .. aspNetCoreBinary is null ? Array.Empty<string>() : [aspNetCoreBinary]];
Console.Error.WriteLine("measuring the runtimes side by side, taking turns: small invocations...");
var small = await RuntimeBenchmark.MeasureSmallAsync(binaries, options);
Console.Error.WriteLine("  bulk streams...");
var bulk = await RuntimeBenchmark.MeasureBulkAsync(binaries, options);
Console.Error.WriteLine("  cold starts...");
var coldStarts = await ColdStartProbe.MedianStartToNextAsync(binaries, options.Spawns);
IReadOnlyList<double>? coldCacheStarts = null;
if (PageCache.CanDrop)
{
    Console.Error.WriteLine("  cold starts from a cold page cache (sync and drop_caches before each spawn)...");
    coldCacheStarts = await ColdStartProbe.MedianStartToNextAsync(binaries, options.ColdCacheSpawns, coldPageCache: true);
}
else
{
    Console.Error.WriteLine("  cold starts from a cold page cache: skipped (dropping the page cache needs root)");
}
var figures = names.Select((name, i) => new RuntimeFigures(
    name, small[i].TtfbMicroseconds, small[i].InvocationsPerSecond, bulk[i].ThroughputMBps, bulk[i].CpuMsPerMiB, bulk[i].PeakRssMiB,
    coldStarts[i], coldCacheStarts?[i], new FileInfo(binaries[i]).Length)).ToList();
var (ours, baseline, protocolFloor) = (figures[0], figures[1], figures[2]);

Console.WriteLine($"LambdaStreaming end-to-end, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {(options.Quick ? "--quick" : "full")}: " +
    $"{options.InvocationsPerTurn * options.SmallRounds} invocations each in {options.SmallRounds} rounds of turns after at least {options.WarmUp} warm-up (until the JIT settled), {options.BulkBytes / (1024 * 1024)} MiB bulk in 64 KiB chunks, {options.Spawns} spawns");
Console.WriteLine(ReportTable.Render(ours, baseline, protocolFloor, floor));
if (figures.Count > 3)
{
    Console.WriteLine();
    Console.WriteLine(ReportTable.RenderHost(ours, figures[3]));
}
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
