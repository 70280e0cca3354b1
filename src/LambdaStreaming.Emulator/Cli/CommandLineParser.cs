using LambdaStreaming.Emulator.Front;
using System.Globalization;
using System.Net;

namespace LambdaStreaming.Emulator.Cli;

/// <summary>Parses <c>[options] [--] [function command and args]</c>.</summary>
internal static class CommandLineParser
{
    public const string Usage = """
        Usage: lambda-streaming-emulator [options] -- <function command and args>
           (in the repository: dotnet run --project src/LambdaStreaming.Emulator -- [options] -- <command>)

        Plays the AWS Lambda service locally: serves the Runtime API, spawns the function with the Lambda
        environment (restarting it when it exits), and answers on --http as Lambda does: the Invoke API
        (buffered: the whole result), InvokeWithResponseStream and a Function URL or REST API front
        (streamed as the function writes). Without a function command it waits for an external function
        (a debugger, a test) to connect to the Runtime API.

        Options:
          --runtime-api HOST:PORT   Runtime API address (default 127.0.0.1:9001)
          --http HOST:PORT          HTTP address: Invoke API and front door (default 127.0.0.1:9000)
          --front KIND              What any other request on --http plays: function-url (payload 2.0,
                                    default) or rest-api (API Gateway REST, payload 1.0)
          --invoke-mode MODE        How the front answers: RESPONSE_STREAM (default: streamed, status and
                                    headers from the HTTP prelude) or BUFFERED (the whole result, read as
                                    the payload format's response document: statusCode, headers, body...)
          --watch PROJECT           Run the function project under `dotnet watch`: an edit is applied while it
                                    runs (hot reload, or a rebuild and restart) and the next request sees it
          --handler NAME            _HANDLER for the function (default: the command's last argument)
          --task-root DIR           The function's working directory and LAMBDA_TASK_ROOT (default: .)
          --timeout SECONDS         Invocation timeout (default 30)
          --memory MB               AWS_LAMBDA_FUNCTION_MEMORY_SIZE (default 512)
          --max-concurrency N       Invocations handed out at once; above 1 the function runs as on
                                    Lambda Managed Instances (default 1)
          --max-environments N      Execution environments (processes) started to take concurrent requests,
                                    as Lambda scales an on-demand function (default 10)
          --env KEY=VALUE           Extra environment variable for the function; repeatable
          --fault-rate R            Share of Runtime API calls (0-1) that fail on purpose, to test a runtime
          --tracing MODE            PassThrough (default: the trace header says Sampled=0, as Lambda's does
                                    without active tracing) or Active (Sampled=1)
          -h, --help                Show this help

        Invoke (the whole result): curl -d '{"hello":"world"}' http://127.0.0.1:9000/2015-03-31/functions/function/invocations
        Front (streamed):          curl -N http://127.0.0.1:9000/any/path?x=1
        """;

    public static CommandLineResult Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions { RecordInvocations = false };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return WithCommand(options, args.Skip(i + 1));
            }

            if (!arg.StartsWith('-'))
            {
                // The function command may come without the separator: options all start with a dash.
                return WithCommand(options, args.Skip(i));
            }

            if (arg is "-h" or "--help")
            {
                return CommandLineResult.Help();
            }

            // Both "--name value" and "--name=value".
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            string? value = equals > 0 ? arg[(equals + 1)..] : null;
            if (!IsKnown(name))
            {
                return CommandLineResult.Invalid($"Unknown option '{name}'. Run with --help for usage.");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    return CommandLineResult.Invalid($"Option '{name}' needs a value.");
                }

                value = args[++i];
            }

            if (Apply(options, name, value) is { } error)
            {
                return CommandLineResult.Invalid(error);
            }
        }

        return Finish(options);
    }

    // Applied once every option is read, so that --watch holds whatever order the options came in.
    private static CommandLineResult Finish(EmulatorOptions options)
    {
        if (options.WatchProject is not { } project)
        {
            return CommandLineResult.Run(options);
        }

        if (options.FunctionCommand is { Count: > 0 })
        {
            return CommandLineResult.Invalid("Give either --watch PROJECT or a function command after --, not both.");
        }

        options.FunctionCommand = ["dotnet", "watch", "run", "--project", project, "--non-interactive"];
        options.Handler ??= Path.GetFileNameWithoutExtension(project.TrimEnd(Path.DirectorySeparatorChar));

        // Polling, not inotify: it works in containers and on machines whose inotify limit is used up.
        options.Environment["DOTNET_USE_POLLING_FILE_WATCHER"] = "true";

        // One environment: two dotnet watch builds of one project would fight over its output folder.
        options.MaxEnvironments = 1;
        return CommandLineResult.Run(options);
    }

    private static bool IsKnown(string name) =>
        name is "--runtime-api" or "--http" or "--front" or "--invoke-mode" or "--watch" or "--handler" or "--task-root" or "--timeout" or "--memory"
            or "--max-concurrency" or "--max-environments" or "--env" or "--fault-rate" or "--tracing";

    private static string? Apply(EmulatorOptions options, string name, string value)
    {
        switch (name)
        {
            case "--runtime-api":
                return TryParseEndPoint(value, out var runtimeApi)
                    ? Set(() => options.RuntimeApiEndPoint = runtimeApi)
                    : $"Option '{name}' needs HOST:PORT with an IP address, got '{value}'.";
            case "--http":
                return TryParseEndPoint(value, out var http)
                    ? Set(() => options.HttpEndPoint = http)
                    : $"Option '{name}' needs HOST:PORT with an IP address, got '{value}'.";
            case "--front":
                return value switch
                {
                    "function-url" => Set(() => options.Front = FrontKind.FunctionUrl),
                    "rest-api" => Set(() => options.Front = FrontKind.RestApi),
                    _ => $"Option '{name}' needs function-url or rest-api, got '{value}'.",
                };
            case "--invoke-mode":
                return value.ToUpperInvariant() switch
                {
                    "RESPONSE_STREAM" => Set(() => options.InvokeMode = InvokeMode.ResponseStream),
                    "BUFFERED" => Set(() => options.InvokeMode = InvokeMode.Buffered),
                    _ => $"Option '{name}' needs RESPONSE_STREAM or BUFFERED, got '{value}'.",
                };
            case "--watch":
                return Directory.Exists(value) || File.Exists(value)
                    ? Set(() => options.WatchProject = Path.GetFullPath(value))
                    : $"Option '{name}' needs a project directory or file, got '{value}'.";
            case "--handler":
                return value.Length > 0 ? Set(() => options.Handler = value) : $"Option '{name}' needs a handler name.";
            case "--task-root":
                return Directory.Exists(value)
                    ? Set(() => options.TaskRoot = Path.GetFullPath(value))
                    : $"Option '{name}' needs an existing directory, got '{value}'.";
            case "--timeout":
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 86_400
                    ? Set(() => options.Timeout = TimeSpan.FromSeconds(seconds))
                    : $"Option '{name}' needs a number of seconds above 0, got '{value}'.";
            case "--memory":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var memory) && memory > 0
                    ? Set(() => options.MemoryMegabytes = memory)
                    : $"Option '{name}' needs a positive number of MB, got '{value}'.";
            case "--max-concurrency":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var concurrency) && concurrency > 0
                    ? Set(() => options.MaxConcurrency = concurrency)
                    : $"Option '{name}' needs a positive integer, got '{value}'.";
            case "--max-environments":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var environments) && environments > 0
                    ? Set(() => options.MaxEnvironments = environments)
                    : $"Option '{name}' needs a positive integer, got '{value}'.";
            case "--fault-rate":
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1
                    ? Set(() => options.FaultRate = rate)
                    : $"Option '{name}' needs a number from 0 to 1, got '{value}'.";
            case "--tracing":
                return value.ToUpperInvariant() switch
                {
                    "ACTIVE" => Set(() => options.ActiveTracing = true),
                    "PASSTHROUGH" => Set(() => options.ActiveTracing = false),
                    _ => $"Option '{name}' needs Active or PassThrough, got '{value}'.",
                };
            default:
                var equals = value.IndexOf('=', StringComparison.Ordinal);
                return equals > 0
                    ? Set(() => options.Environment[value[..equals]] = value[(equals + 1)..])
                    : $"Option '{name}' needs KEY=VALUE, got '{value}'.";
        }
    }

    private static string? Set(Action apply)
    {
        apply();
        return null;
    }

    private static bool TryParseEndPoint(string value, out IPEndPoint endPoint)
    {
        // "localhost" is the one name worth accepting; anything else must be an address, so nothing resolves DNS.
        if (value.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            value = "127.0.0.1" + value["localhost".Length..];
        }

        return IPEndPoint.TryParse(value, out endPoint!) && value.Contains(':', StringComparison.Ordinal) && endPoint.Port is >= 0 and <= 65535;
    }

    private static CommandLineResult WithCommand(EmulatorOptions options, IEnumerable<string> command)
    {
        options.FunctionCommand = [.. command];
        return Finish(options);
    }
}
