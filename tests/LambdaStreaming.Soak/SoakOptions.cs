using System.Globalization;

namespace LambdaStreaming.Soak;

/// <summary>The soak's command line.</summary>
internal sealed record SoakOptions(int Invocations, double FaultRate, int Seed, IReadOnlyList<string>? Function)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/LambdaStreaming.Soak -- --invocations N --fault-rate R [--seed S] [--function PATH]
        Drives N invocations through the emulator, which fails Runtime API calls at rate R, and checks that every
        invocation ended exactly once. --function runs a given bootstrap (e.g. the AOT one) instead of the JIT build.
        """;

    public static SoakOptions Parse(string[] args)
    {
        var invocations = 2_000;
        var rate = 0.05;
        var seed = 1;
        IReadOnlyList<string>? function = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--invocations":
                    invocations = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--fault-rate":
                    rate = double.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--function":
                    function = [Value()];
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}");
            }
        }

        return invocations > 0 && rate is >= 0 and <= 1
            ? new SoakOptions(invocations, rate, seed, function)
            : throw new ArgumentException($"--invocations must be positive and --fault-rate within 0..1.\n{Usage}");
    }
}
