using System.Globalization;
using System.Security.Cryptography;

namespace LambdaStreaming.Emulator.Function;

/// <summary>The environment Lambda gives a function process, and the identity it reports.</summary>
internal static class FunctionEnvironment
{
    public const string Region = "us-east-1";
    private const string AccountId = "000000000000";

    public static string FunctionArn(string functionName) => $"arn:aws:lambda:{Region}:{AccountId}:function:{functionName}";

    /// <summary>
    /// The configured handler, else the function command's last argument (AWS's emulator does the same), else, for a
    /// command without arguments, its file name (<c>bootstrap</c>, as a provided.al2023 template names it).
    /// </summary>
    public static string Handler(EmulatorOptions options) => options.Handler ?? options.FunctionCommand switch
    {
        { Count: > 1 } command => command[^1],
        { Count: 1 } command => Path.GetFileName(command[0]),
        _ => "",
    };

    /// <summary>Where the function runs from: its working directory, and <c>LAMBDA_TASK_ROOT</c>.</summary>
    public static string TaskRoot(EmulatorOptions options) => Path.GetFullPath(options.TaskRoot ?? Environment.CurrentDirectory);

    /// <summary>Built per spawn: each process is a new execution environment with its own log stream.</summary>
    public static Dictionary<string, string> Create(EmulatorOptions options, string runtimeApiAddress)
    {
        var managedInstances = options.MaxConcurrency > 1;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApiAddress,
            ["_HANDLER"] = Handler(options),
            ["LAMBDA_TASK_ROOT"] = TaskRoot(options),
            ["AWS_LAMBDA_FUNCTION_NAME"] = options.FunctionName,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = options.MemoryMegabytes.ToString(CultureInfo.InvariantCulture),
            ["AWS_LAMBDA_LOG_GROUP_NAME"] = $"/aws/lambda/{options.FunctionName}",
            ["AWS_LAMBDA_LOG_STREAM_NAME"] = $"{DateTime.UtcNow:yyyy/MM/dd}/[$LATEST]{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}",

            // Lambda Managed Instances support only the JSON log format.
            ["AWS_LAMBDA_LOG_FORMAT"] = managedInstances ? "JSON" : "Text",
            ["AWS_REGION"] = Region,
            ["AWS_DEFAULT_REGION"] = Region,
            ["AWS_LAMBDA_INITIALIZATION_TYPE"] = managedInstances ? "lambda-managed-instances" : "on-demand",
        };

        if (managedInstances)
        {
            environment["AWS_LAMBDA_MAX_CONCURRENCY"] = options.MaxConcurrency.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in options.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }
}
