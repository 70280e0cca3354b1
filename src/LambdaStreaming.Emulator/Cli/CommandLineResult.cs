namespace LambdaStreaming.Emulator.Cli;

/// <summary>What the command line asked for: options to run with, the usage text, or an error to report.</summary>
/// <param name="Options">The options to run with; null when <paramref name="ShowHelp"/> or <paramref name="Error"/> is set.</param>
/// <param name="ShowHelp">True for <c>--help</c>.</param>
/// <param name="Error">Why the command line is invalid.</param>
internal sealed record CommandLineResult(EmulatorOptions? Options, bool ShowHelp, string? Error)
{
    public static CommandLineResult Run(EmulatorOptions options) => new(options, false, null);

    public static CommandLineResult Help() => new(null, true, null);

    public static CommandLineResult Invalid(string error) => new(null, false, error);
}
