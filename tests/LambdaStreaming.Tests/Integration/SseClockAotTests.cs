using System.Diagnostics;
using System.Text.Json;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// The Native AOT <c>bootstrap</c> of <c>samples/SseClock</c> behind the emulator, seen by <c>curl -N</c>
/// (<see cref="SseClockBrowserTests"/>: by a real browser's <c>EventSource</c>).
/// </summary>
[Collection(SseClockAotCollection.Name)]
public sealed class SseClockAotTests(PackagedSseClock package)
{
    [Fact]
    public async Task Curl_shows_the_updates_arrive_one_by_one()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: [package.Bootstrap]);
        var start = new ProcessStartInfo("curl", ["-sN", "--max-time", "30", new Uri(emulator.HttpAddress, "stream?count=4&intervalMs=400").ToString()])
        {
            RedirectStandardOutput = true,
        };
        using var curl = Process.Start(start)!;

        // Each data line stamped as curl hands it over: curl -N writes what it receives at once.
        var lines = new List<(string Line, DateTimeOffset At)>();
        while (await curl.StandardOutput.ReadLineAsync().WaitAsync(TestTimeouts.Guard) is { } line)
        {
            lines.Add((line, DateTimeOffset.UtcNow));
        }
        await curl.WaitForExitAsync().WithGuard();

        Assert.Equal(0, curl.ExitCode);
        Assert.Equal(4, lines.Count(l => l.Line == "event: update"));
        var updates = lines.Where(l => l.Line.StartsWith("data: {\"timestamp\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, updates.Count);
        var made = updates.Select(u => DateTimeOffset.Parse(JsonDocument.Parse(u.Line["data: ".Length..]).RootElement.GetProperty("timestamp").GetString()!)).ToList();
        // Streamed: the first update reached curl before the function made the last one (see SseClockSampleTests).
        Assert.True(updates[0].At < made[^1], $"update 1 reached curl at {updates[0].At:O}, after update {updates.Count} was made at {made[^1]:O}");
    }

    [Fact]
    public async Task Two_clients_stream_at_once_each_from_an_environment_of_its_own()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: [package.Bootstrap]);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        async Task<List<DateTimeOffset>> UpdatesAsync()
        {
            using var response = await http.GetAsync(new Uri(emulator.HttpAddress, "stream?count=3&intervalMs=400"), HttpCompletionOption.ResponseHeadersRead).WithGuard();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var arrivals = new List<DateTimeOffset>();
            while (await reader.ReadLineAsync().WaitAsync(TestTimeouts.Guard) is { } line)
            {
                if (line == "event: update")
                {
                    arrivals.Add(DateTimeOffset.UtcNow);
                }
            }
            return arrivals;
        }

        var both = await Task.WhenAll(UpdatesAsync(), UpdatesAsync()).WithGuard();

        Assert.All(both, arrivals => Assert.Equal(3, arrivals.Count));
        // Overlapping: each client had its first update before the other had its last (800 ms after its first).
        Assert.True(both[0][0] < both[1][^1] && both[1][0] < both[0][^1], $"client 1: {both[0][0]:O}..{both[0][^1]:O}, client 2: {both[1][0]:O}..{both[1][^1]:O}");
        Assert.Equal(2, emulator.EnvironmentCount);
    }

    [Fact]
    public async Task Bootstrap_needs_no_glibc_newer_than_2_34()
    {
        var newest = await package.NewestGlibcNeededAsync();

        Assert.True(newest <= new Version(2, 34), $"needs GLIBC_{newest}");
    }
}
