using LambdaStreaming.EndToEnd;

namespace LambdaStreaming.Tests.Benchmarks;

/// <summary>The harness's order of turns must not favour a runtime by position or by what ran just before it.</summary>
public sealed class TurnOrderTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Every_round_is_each_runtime_once(int runtimes)
    {
        for (var round = 0; round < 3 * TurnOrder.CycleLength(runtimes); round++)
        {
            Assert.Equal(Enumerable.Range(0, runtimes), TurnOrder.Of(round, runtimes).Order());
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Over_a_cycle_each_runtime_takes_each_position_equally_often(int runtimes)
    {
        var rounds = Enumerable.Range(0, TurnOrder.CycleLength(runtimes)).Select(r => TurnOrder.Of(r, runtimes).ToArray()).ToList();

        for (var position = 0; position < runtimes; position++)
        {
            var counts = rounds.GroupBy(order => order[position]).Select(g => g.Count()).ToList();
            Assert.Equal(runtimes, counts.Count);
            Assert.All(counts, count => Assert.Equal(2, count));
        }
    }

    [Fact]
    public void Over_a_cycle_of_three_each_runtime_follows_each_other_equally_often()
    {
        var followers = Enumerable.Range(0, TurnOrder.CycleLength(3))
            .SelectMany(r => TurnOrder.Of(r, 3).Zip(TurnOrder.Of(r, 3).Skip(1)))
            .GroupBy(pair => pair)
            .ToDictionary(g => g.Key, g => g.Count());

        // Six ordered pairs of three runtimes, each twice: in a plain rotation 0 would never follow 1.
        Assert.Equal(6, followers.Count);
        Assert.All(followers.Values, count => Assert.Equal(2, count));
    }
}
