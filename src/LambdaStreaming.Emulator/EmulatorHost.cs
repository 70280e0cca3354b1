using LambdaStreaming.Emulator.Environments;
using LambdaStreaming.Emulator.Faults;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Emulator.Hosting;
using LambdaStreaming.Emulator.Invocations;
using LambdaStreaming.Emulator.Invoke;
using LambdaStreaming.Emulator.InvokeStream;
using LambdaStreaming.Emulator.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator;

/// <summary>
/// A running emulator: the Lambda Runtime API (one per execution environment), the Invoke endpoint, and optionally
/// the function processes. Start one per test with port 0 and dispose it when done.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private const string RuntimePrefix = "/2018-06-01/runtime";

    private readonly WebApplication _invokeApi;
    private readonly InvocationScheduler _scheduler;
    private readonly EnvironmentPool _environments;
    private readonly CancellationTokenSource _stopping;
    private readonly FaultInjector? _faults;

    private EmulatorHost(WebApplication invokeApi, InvocationScheduler scheduler, EnvironmentPool environments, CancellationTokenSource stopping, InvocationLedger ledger, FaultInjector? faults)
    {
        _invokeApi = invokeApi;
        _scheduler = scheduler;
        _environments = environments;
        _stopping = stopping;
        _faults = faults;
        Ledger = ledger;
        RuntimeApiAddress = environments.First.RuntimeApiAddress;
        HttpAddress = new Uri($"http://{EmulatorServer.BoundEndPoint(invokeApi)}/");
    }

    /// <summary>
    /// The first execution environment's Runtime API as <c>host:port</c>, the form <c>AWS_LAMBDA_RUNTIME_API</c> takes
    /// (environments started to scale out get ports of their own).
    /// </summary>
    public string RuntimeApiAddress { get; }

    /// <summary>The base address of the Invoke endpoint, e.g. <c>http://127.0.0.1:9000/</c>.</summary>
    public Uri HttpAddress { get; }

    /// <summary>Where to POST an event: Lambda's Invoke URL for this function.</summary>
    public Uri InvokeUri => new(HttpAddress, "2015-03-31/functions/function/invocations");

    /// <summary>Where to POST an event for Lambda's InvokeWithResponseStream API (eventstream-framed answer).</summary>
    public Uri InvokeWithResponseStreamUri => new(HttpAddress, "2021-11-15/functions/function/response-streaming-invocations");

    /// <summary>The faults injected so far (see <see cref="EmulatorOptions.FaultRate"/>), by kind.</summary>
    public IReadOnlyDictionary<RuntimeApiFault, int> InjectedFaults => _faults?.Injected ?? new Dictionary<RuntimeApiFault, int>();

    /// <summary>The first environment's spawned function process id, if one is running.</summary>
    public int? FunctionProcessId => _environments.First.Function?.ProcessId;

    /// <summary>How many execution environments exist now.</summary>
    public int EnvironmentCount => _environments.Count;

    /// <summary>Everything that happened, for inspection and awaiting.</summary>
    public InvocationLedger Ledger { get; }

    /// <summary>Starts serving both endpoints and, if a command is configured, spawns the function.</summary>
    /// <exception cref="EmulatorStartException">An address is in use or cannot be bound; the message names the option.</exception>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1, nameof(options.MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxEnvironments, 1, nameof(options.MaxEnvironments));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options.Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MemoryMegabytes, 1, nameof(options.MemoryMegabytes));

        var log = new EmulatorLog(options.Log ?? Console.Out);
        var ledger = new InvocationLedger(options.RecordInvocations);
        var scheduler = new InvocationScheduler(options, ledger, log);
        var stopping = new CancellationTokenSource();
        var faults = options.FaultRate > 0 ? new FaultInjector(options.FaultRate, options.FaultSeed) : null;
        var environments = new EnvironmentPool(options, scheduler, ledger, log, faults, stopping.Token);
        await environments.StartAsync(cancellationToken).ConfigureAwait(false);

        var invokeApi = EmulatorServer.Create(options.HttpEndPoint);
        var invoke = new InvokeHandler(scheduler, log, client => new InvokeApiInvoker(client));
        invokeApi.MapPost("/2015-03-31/functions/{name}/invocations", (RequestDelegate)invoke.HandleAsync);
        var invokeStream = new InvokeHandler(scheduler, log, client => new EventStreamInvoker(client));
        invokeApi.MapPost("/2021-11-15/functions/{name}/response-streaming-invocations", (RequestDelegate)invokeStream.HandleAsync);
        var frontDoor = new FrontDoorHandler(scheduler, log, options.Front, options.InvokeMode);

        // The catch-all has the lowest precedence, so the Lambda API routes above still win.
        invokeApi.Map("/{**path}", (RequestDelegate)frontDoor.HandleAsync);
        try
        {
            await EmulatorServer.StartAsync(invokeApi, options.HttpEndPoint, "--http", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await environments.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var host = new EmulatorHost(invokeApi, scheduler, environments, stopping, ledger, faults);
        log.Write($"runtime api: http://{host.RuntimeApiAddress}{RuntimePrefix}/");
        log.Write($"invoke: POST {host.InvokeUri}");
        log.Write($"front door ({(options.Front == FrontKind.RestApi ? "rest-api" : "function-url")}, {(options.InvokeMode == InvokeMode.Buffered ? "BUFFERED" : "RESPONSE_STREAM")}): any other request to {host.HttpAddress}");
        if (options.FunctionCommand is not { Count: > 0 })
        {
            log.Write($"no function command: waiting for a runtime to connect with AWS_LAMBDA_RUNTIME_API={host.RuntimeApiAddress} (a function under a debugger, a test)");
            scheduler.Queued += invocation =>
            {
                if (!environments.First.IsPolling && environments.First.IsIdle)
                {
                    log.Write($"request {invocation.RequestId} is queued: no runtime is asking AWS_LAMBDA_RUNTIME_API={host.RuntimeApiAddress} for work");
                }
            };
        }

        // Spawned only now: the function needs the bound Runtime API address.
        environments.LaunchFirst();
        return host;
    }

    /// <summary>Stops the functions, ends unfinished invocations without an outcome, and stops the servers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _environments.DisposeAsync().ConfigureAwait(false);
        _scheduler.AbandonAll();

        // Everything left is abandoned, so connections still open (a function stream that never ends) get a short
        // grace period rather than the host's default 30 seconds.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _invokeApi.StopAsync(grace.Token).ConfigureAwait(false);
        await _invokeApi.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
