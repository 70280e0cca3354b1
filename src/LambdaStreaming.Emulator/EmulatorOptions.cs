using LambdaStreaming.Emulator.Front;
using System.Net;

namespace LambdaStreaming.Emulator;

/// <summary>How an <see cref="EmulatorHost"/> listens, what it runs and which limits it enforces.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Where the Lambda Runtime API is served. Port 0 picks a free port; see <see cref="EmulatorHost.RuntimeApiAddress"/>.</summary>
    public IPEndPoint RuntimeApiEndPoint { get; set; } = new(IPAddress.Loopback, 9001);

    /// <summary>Where the Invoke endpoint is served. Port 0 picks a free port; see <see cref="EmulatorHost.HttpAddress"/>.</summary>
    public IPEndPoint HttpEndPoint { get; set; } = new(IPAddress.Loopback, 9000);

    /// <summary>
    /// Which AWS front the HTTP port plays for requests that are not Lambda API calls: every other method and path
    /// becomes that front's event, and the function's response becomes the HTTP response.
    /// </summary>
    public FrontKind Front { get; set; } = FrontKind.FunctionUrl;

    /// <summary>
    /// Whether the front streams the function's response (<c>RESPONSE_STREAM</c>, the default) or waits for it whole
    /// and reads it as a response document (<c>BUFFERED</c>), as Lambda does for the Function URL's invoke mode.
    /// </summary>
    public InvokeMode InvokeMode { get; set; } = InvokeMode.ResponseStream;

    /// <summary>
    /// The function's <c>_HANDLER</c>. Null: the last argument of <see cref="FunctionCommand"/>, as AWS's emulator
    /// takes it (so <c>-- npx aws-lambda-ric index.handler</c> gets <c>index.handler</c>).
    /// </summary>
    public string? Handler { get; set; }

    /// <summary>The function's working directory and <c>LAMBDA_TASK_ROOT</c>. Null: the emulator's current directory.</summary>
    public string? TaskRoot { get; set; }

    /// <summary>How long an invocation may run, from its <c>next</c> to its outcome.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reported to the function as <c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>, in MB.</summary>
    public int MemoryMegabytes { get; set; } = 512;

    /// <summary>
    /// How many invocations may be handed out at once. Above 1 the function runs as on
    /// Lambda Managed Instances (<c>AWS_LAMBDA_MAX_CONCURRENCY</c> is set).
    /// </summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// How many execution environments (processes) may run at once: a request that finds every one busy starts
    /// another, as Lambda does for an on-demand function. Applies when the emulator spawns the function and
    /// <see cref="MaxConcurrency"/> is 1; otherwise there is one environment. Default 10.
    /// </summary>
    public int MaxEnvironments { get; set; } = 10;

    /// <summary>How long an extra environment may go without work before it is retired (the first one stays). Default 5 minutes.</summary>
    public TimeSpan EnvironmentIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The function's name, used in its environment and ARN.</summary>
    public string FunctionName { get; set; } = "function";

    /// <summary>
    /// The function process to spawn (file name, then arguments). Null or empty: no process is
    /// spawned and an external function (a test, a debugger) connects to the Runtime API itself.
    /// </summary>
    public IReadOnlyList<string>? FunctionCommand { get; set; }

    /// <summary>Extra environment variables for the function process; they override the Lambda ones.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Whether the ledger keeps every invocation (with its response bytes) for inspection.
    /// Tests want this; a long-running command-line session does not, as memory would grow without bound.
    /// </summary>
    public bool RecordInvocations { get; set; } = true;

    /// <summary>
    /// Lambda's tracing mode: true for <c>Active</c>, whose <c>Lambda-Runtime-Trace-Id</c> says <c>Sampled=1</c>; false
    /// (the default) for <c>PassThrough</c>, whose header Lambda still sends on every invocation, with <c>Sampled=0</c>.
    /// </summary>
    public bool ActiveTracing { get; set; }

    /// <summary>
    /// The share of Runtime API calls (0 to 1) that fail on purpose, picked at random from
    /// <see cref="Faults.RuntimeApiFault"/>: a runtime under test must still give every invocation exactly one outcome.
    /// </summary>
    public double FaultRate { get; set; }

    /// <summary>Seed of the fault picker, so a failing soak can be replayed.</summary>
    public int FaultSeed { get; set; } = 1;

    /// <summary>Where the emulator writes its log lines. Null means standard output.</summary>
    public TextWriter? Log { get; set; }

    /// <summary>The project <c>--watch</c> runs under <c>dotnet watch</c>; turned into the function command once parsing ends.</summary>
    internal string? WatchProject { get; set; }

    /// <summary>Where the function's own output (its stdout, then its stderr) goes; the emulator's stdout and stderr when null.</summary>
    public TextWriter? FunctionOutput { get; set; }

    /// <summary>
    /// The clock of the invocation timeout and of idle environments' retirement, so a test can advance it; the
    /// function process's start and SIGTERM grace (a real process, a real signal) and the ledger's timings keep the real clock.
    /// </summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Starts the function process; <see cref="System.Diagnostics.Process.Start(System.Diagnostics.ProcessStartInfo)"/> unless a test watches the spawn.</summary>
    internal Func<System.Diagnostics.ProcessStartInfo, System.Diagnostics.Process?> StartProcess { get; set; } = System.Diagnostics.Process.Start;
}
