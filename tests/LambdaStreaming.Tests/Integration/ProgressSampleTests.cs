using System.Net.ServerSentEvents;
using System.Text.Json;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary><c>samples/Progress</c> as a real process behind the emulator's Function URL front.</summary>
public sealed class ProgressSampleTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Progress_climbs_from_0_to_100_event_by_event_then_done()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("Progress"));

        using var response = await Http.GetAsync(new Uri(emulator.HttpAddress, "?steps=4&intervalMs=250&task=video-7"), HttpCompletionOption.ResponseHeadersRead).WithGuard();
        var outcome = emulator.Ledger.WaitForOutcomeAsync(response.RequestId());
        var body = await response.Content.ReadAsStreamAsync();
        var events = new List<SseItem<string>>();
        var finishedWhenFirstArrived = true;
        await foreach (var item in SseParser.Create(body).EnumerateAsync())
        {
            if (events.Count == 0)
            {
                finishedWhenFirstArrived = outcome.IsCompleted;
            }

            events.Add(item);
        }

        var progress = events.Where(e => e.EventType == "progress").ToList();
        Assert.Equal(["0", "25", "50", "75", "100"], progress.Select(e => e.EventId));
        Assert.All(progress, e => Assert.Equal("video-7", JsonDocument.Parse(e.Data).RootElement.GetProperty("task").GetString()));
        Assert.Equal([0, 25, 50, 75, 100], progress.Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("progress").GetInt32()));
        Assert.Equal("done", events[^1].EventType);

        // Streamed: the first event was in the client's hands while the task was still running.
        Assert.False(finishedWhenFirstArrived, "the invocation had already finished when the first progress event arrived");
        Assert.Equal(LambdaStreaming.Emulator.Ledger.InvocationOutcome.Response, (await outcome.WithGuard()).Outcome);
    }
}
