namespace LambdaStreaming.EndToEnd;

/// <summary>
/// The order in which the runtimes take their turns in each round of a measurement. Each round starts one runtime
/// further along, so over the rounds every runtime goes first (and second, and last) equally often: whatever drifts
/// during a run, such as the harness's own JIT tiering or the machine's background load, falls on all of them alike.
/// </summary>
internal static class RotatingOrder
{
    public static IEnumerable<int> Of(int round, int runtimes) => Enumerable.Range(0, runtimes).Select(i => (round + i) % runtimes);
}
