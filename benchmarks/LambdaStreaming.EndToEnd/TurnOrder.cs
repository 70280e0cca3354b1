namespace LambdaStreaming.EndToEnd;

/// <summary>
/// The order in which the runtimes take their turns in each round of a measurement: the rotations of the list
/// (each round starts one runtime further along), then the same orders reversed. Over every cycle of
/// <see cref="CycleLength"/> rounds each runtime goes first, second and last equally often, and follows each other
/// runtime equally often (a Williams design). Both matter: whatever drifts during a run, such as the harness's JIT
/// or the machine's background load, must fall on all runtimes alike, and so must what one runtime leaves behind for
/// the next (the HttpClient baseline's threads are still winding down when its turn ends). With plain rotation the
/// same runtime always came after the baseline: one binary measured in two columns of the same runs differed by up
/// to 20 % in throughput.
/// </summary>
internal static class TurnOrder
{
    /// <summary>Rounds after which the order repeats; measure in whole cycles.</summary>
    public static int CycleLength(int runtimes) => 2 * runtimes;

    public static IEnumerable<int> Of(int round, int runtimes)
    {
        var cycle = round % CycleLength(runtimes);
        var rotated = Enumerable.Range(0, runtimes).Select(i => (cycle % runtimes + i) % runtimes);
        return cycle < runtimes ? rotated : rotated.Reverse();
    }
}
