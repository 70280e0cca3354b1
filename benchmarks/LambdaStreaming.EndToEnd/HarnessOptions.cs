namespace LambdaStreaming.EndToEnd;

/// <summary>The harness's command line.</summary>
internal sealed record HarnessOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project benchmarks/LambdaStreaming.EndToEnd -- [--quick] [--json FILE] [--svg FILE]
                   [--ours BOOTSTRAP] [--baseline BOOTSTRAP] [--null-runtime BOOTSTRAP] [--hello BINARY]
                   [--aspnetcore [BOOTSTRAP]]
        Publishes (Native AOT) our streaming function, the HttpClient baseline, the null runtime (the protocol floor)
        and an AOT hello-world unless their binaries are given, then measures each side by side with this machine's
        loopback floors. --aspnetcore adds the same function as an ASP.NET Core app on LambdaStreaming.AspNetCore and a
        table of it against the raw handler.
        """;

    public bool Quick { get; init; }

    public string? JsonPath { get; init; }

    public string? SvgPath { get; init; }

    public string? Ours { get; init; }

    public string? Baseline { get; init; }

    public string? NullRuntime { get; init; }

    public string? Hello { get; init; }

    /// <summary>Whether the ASP.NET Core host takes part, as a fourth runtime.</summary>
    public bool AspNetCore { get; init; }

    /// <summary>Its bootstrap; published when null.</summary>
    public string? AspNetCoreBinary { get; init; }

    private int Runtimes => AspNetCore ? 4 : 3;

    /// <summary>Invocations timed for TTFB and rate, after warm-up.</summary>
    public int Invocations => Quick ? 2_000 : 10_000;

    public int WarmUp => Quick ? 200 : 1_000;

    /// <summary>
    /// Rounds the timed invocations are split into, the runtimes taking turns in each: whole cycles of
    /// <see cref="TurnOrder"/> for the three runtimes, as are <see cref="BulkRuns"/> and <see cref="Spawns"/>.
    /// </summary>
    public int SmallRounds => Runtimes == 4 ? (Quick ? 16 : 24) : (Quick ? 12 : 24);

    /// <summary>Small invocations per runtime per round: at least <see cref="Invocations"/> in all.</summary>
    public int InvocationsPerTurn => (Invocations + SmallRounds - 1) / SmallRounds;

    /// <summary>Bytes of the bulk streamed response.</summary>
    public long BulkBytes => 100L * 1024 * 1024;

    public int BulkRuns => Runtimes == 4 ? (Quick ? 8 : 16) : (Quick ? 6 : 12);

    public int Spawns => 24;

    /// <summary>Spawns per runtime from a cold page cache (each after a <c>sync</c> and a cache drop, so slower).</summary>
    public int ColdCacheSpawns => Runtimes == 4 ? (Quick ? 8 : 16) : (Quick ? 6 : 12);

    public long FloorThroughputBytes => Quick ? 256L * 1024 * 1024 : 1024L * 1024 * 1024;

    public static HarnessOptions? Parse(string[] args)
    {
        var options = new HarnessOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--json" => options with { JsonPath = Value() },
                "--svg" => options with { SvgPath = Value() },
                "--ours" => options with { Ours = Value() },
                "--baseline" => options with { Baseline = Value() },
                "--null-runtime" => options with { NullRuntime = Value() },
                "--hello" => options with { Hello = Value() },
                "--aspnetcore" => options with { AspNetCore = true, AspNetCoreBinary = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null },
                "-h" or "--help" => null,
                var unknown => throw new ArgumentException($"Unknown option '{unknown}'.\n{Usage}"),
            };
            if (options is null)
            {
                return null;
            }
        }

        return options;
    }
}
