using System.Net;
using LambdaStreaming.Emulator.Extensions;
using LambdaStreaming.Emulator.Faults;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Emulator.Function;
using LambdaStreaming.Emulator.Hosting;
using LambdaStreaming.Emulator.Invocations;
using LambdaStreaming.Emulator.Invoke;
using LambdaStreaming.Emulator.InvokeStream;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.RuntimeApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace LambdaStreaming.Emulator;

/// <summary>
/// A running emulator: the Lambda Runtime API, the Invoke endpoint, and optionally the function process.
/// Start one per test with port 0 and dispose it when done.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private const string RuntimePrefix = "/2018-06-01/runtime";

    private readonly WebApplication _runtimeApi;
    private readonly WebApplication _invokeApi;
    private readonly InvocationScheduler _scheduler;
    private readonly FunctionProcess? _function;
    private readonly CancellationTokenSource _stopping;
    private FaultInjector? _faults;
    private ExtensionRegistry _extensions = new();

    private EmulatorHost(
        WebApplication runtimeApi,
        WebApplication invokeApi,
        InvocationScheduler scheduler,
        FunctionProcess? function,
        CancellationTokenSource stopping,
        InvocationLedger ledger)
    {
        _runtimeApi = runtimeApi;
        _invokeApi = invokeApi;
        _scheduler = scheduler;
        _function = function;
        _stopping = stopping;
        Ledger = ledger;
        RuntimeApiAddress = BoundEndPoint(runtimeApi).ToString();
        HttpAddress = new Uri($"http://{BoundEndPoint(invokeApi)}/");
    }

    /// <summary>The Runtime API as <c>host:port</c>, the form <c>AWS_LAMBDA_RUNTIME_API</c> takes.</summary>
    public string RuntimeApiAddress { get; }

    /// <summary>The base address of the Invoke endpoint, e.g. <c>http://127.0.0.1:9000/</c>.</summary>
    public Uri HttpAddress { get; }

    /// <summary>Where to POST an event: Lambda's Invoke URL for this function.</summary>
    public Uri InvokeUri => new(HttpAddress, "2015-03-31/functions/function/invocations");

    /// <summary>Where to POST an event for Lambda's InvokeWithResponseStream API (eventstream-framed answer).</summary>
    public Uri InvokeWithResponseStreamUri => new(HttpAddress, "2021-11-15/functions/function/response-streaming-invocations");

    /// <summary>The faults injected so far (see <see cref="EmulatorOptions.FaultRate"/>), by kind.</summary>
    public IReadOnlyDictionary<RuntimeApiFault, int> InjectedFaults => _faults?.Injected ?? new Dictionary<RuntimeApiFault, int>();

    /// <summary>The spawned function's current process id, if one is running.</summary>
    public int? FunctionProcessId => _function?.ProcessId;

    /// <summary>Everything that happened, for inspection and awaiting.</summary>
    public InvocationLedger Ledger { get; }

    /// <summary>Starts serving both endpoints and, if a command is configured, spawns the function.</summary>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1, nameof(options.MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options.Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MemoryMegabytes, 1, nameof(options.MemoryMegabytes));

        var log = new EmulatorLog(options.Log ?? Console.Out);
        var ledger = new InvocationLedger(options.RecordInvocations);
        var scheduler = new InvocationScheduler(options, ledger, log);
        var stopping = new CancellationTokenSource();

        var extensions = new ExtensionRegistry();
        FunctionProcess? function = null;
        if (options.FunctionCommand is { Count: > 0 })
        {
            function = new FunctionProcess(options, scheduler, ledger, extensions, log);

            // Lambda Managed Instances keep the environment when one invocation times out: the others go on.
            if (options.MaxConcurrency == 1)
            {
                scheduler.TimedOut += () => _ = function.RetireAsync("timeout");
            }
        }

        var runtimeApi = CreateServer(options.RuntimeApiEndPoint);
        var faults = options.FaultRate > 0 ? new FaultInjector(options.FaultRate, options.FaultSeed) : null;
        MapRuntimeApi(runtimeApi, scheduler, ledger, log, function, extensions, options.FunctionName, faults, stopping.Token);
        MapExtensionsApi(runtimeApi, extensions, log, options);
        var invokeApi = CreateServer(options.HttpEndPoint);
        var invoke = new InvokeHandler(scheduler, client => new InvokeApiInvoker(client));
        invokeApi.MapPost("/2015-03-31/functions/{name}/invocations", (RequestDelegate)invoke.HandleAsync);
        var invokeStream = new InvokeHandler(scheduler, client => new EventStreamInvoker(client));
        invokeApi.MapPost("/2021-11-15/functions/{name}/response-streaming-invocations", (RequestDelegate)invokeStream.HandleAsync);
        var frontDoor = new FrontDoorHandler(scheduler, options.Front, options.InvokeMode);

        // The catch-all has the lowest precedence, so the Lambda API routes above still win.
        invokeApi.Map("/{**path}", (RequestDelegate)frontDoor.HandleAsync);

        await runtimeApi.StartAsync(cancellationToken).ConfigureAwait(false);
        await invokeApi.StartAsync(cancellationToken).ConfigureAwait(false);

        var host = new EmulatorHost(runtimeApi, invokeApi, scheduler, function, stopping, ledger) { _faults = faults, _extensions = extensions };
        log.Write($"runtime api: http://{host.RuntimeApiAddress}{RuntimePrefix}/");
        log.Write($"invoke: POST {host.InvokeUri}");
        log.Write($"front door ({(options.Front == FrontKind.RestApi ? "rest-api" : "function-url")}, {(options.InvokeMode == InvokeMode.Buffered ? "BUFFERED" : "RESPONSE_STREAM")}): any other request to {host.HttpAddress}");
        // Spawned only now: the function needs the bound Runtime API address.
        function?.Start(host.RuntimeApiAddress);
        return host;
    }

    /// <summary>Stops the function, ends unfinished invocations without an outcome, and stops both servers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_function is not null)
        {
            await _function.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            // An external function's extensions still hear of the shutdown (a spawned one's do as it is retired).
            _extensions.BeginShutdown("spindown");
        }

        _scheduler.AbandonAll();

        // Everything left is abandoned, so connections still open (a function stream that never ends) get a short
        // grace period rather than the host's default 30 seconds.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _invokeApi.StopAsync(grace.Token).ConfigureAwait(false);
        await _runtimeApi.StopAsync(grace.Token).ConfigureAwait(false);
        await _invokeApi.DisposeAsync().ConfigureAwait(false);
        await _runtimeApi.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static void MapRuntimeApi(
        WebApplication app,
        InvocationScheduler scheduler,
        InvocationLedger ledger,
        EmulatorLog log,
        FunctionProcess? function,
        ExtensionRegistry extensions,
        string functionName,
        FaultInjector? faults,
        CancellationToken stopping)
    {
        var admission = new ReportAdmission(scheduler, ledger, log);
        var next = new NextHandler(scheduler, ledger, log, function, extensions, FunctionEnvironment.FunctionArn(functionName), faults, stopping);
        var response = new ResponseHandler(scheduler, admission, faults, log);
        var error = new ErrorHandler(scheduler, admission, log);
        var initError = new InitErrorHandler(scheduler, ledger, log);
        app.MapGet($"{RuntimePrefix}/invocation/next", (RequestDelegate)next.HandleAsync);
        app.MapPost($"{RuntimePrefix}/invocation/{{id}}/response", (RequestDelegate)response.HandleAsync);
        app.MapPost($"{RuntimePrefix}/invocation/{{id}}/error", (RequestDelegate)error.HandleAsync);
        app.MapPost($"{RuntimePrefix}/init/error", (RequestDelegate)initError.HandleAsync);
    }

    private static void MapExtensionsApi(WebApplication app, ExtensionRegistry extensions, EmulatorLog log, EmulatorOptions options)
    {
        var register = new RegisterHandler(extensions, log, options.FunctionName, FunctionEnvironment.Handler(options));
        var eventNext = new EventNextHandler(extensions);
        app.MapPost("/2020-01-01/extension/register", (RequestDelegate)register.HandleAsync);
        app.MapGet("/2020-01-01/extension/event/next", (RequestDelegate)eventNext.HandleAsync);
    }

    internal static WebApplication CreateServer(IPEndPoint endPoint)
    {
        // The empty builder brings no configuration sources, logging or extra middleware: nothing between
        // the socket and the handlers but Kestrel and routing.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AllowSynchronousIO = false;
            kestrel.AddServerHeader = false;

            // Limits are Lambda's, enforced by the handlers: 200 MiB streams, slow streams, idle long polls.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;

            // A runtime may open its next connection early and leave it idle for a whole invocation. Long, but
            // finite: Kestrel adds this to a timestamp, and an "infinite" (TimeSpan.MaxValue) one overflows into
            // an immediate timeout.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromDays(1);
            kestrel.Listen(endPoint, listen => listen.Protocols = HttpProtocols.Http1);
        });

        // The transport's zero-byte read before each receive keeps idle connections from holding a buffer; the
        // emulator serves a handful of connections, so here it is only one more system call per receive.
        builder.WebHost.UseSockets(sockets => sockets.WaitForDataBeforeAllocatingBuffer = false);

        // Registered after UseKestrelCore, whose own registration would otherwise be the one resolved.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        return builder.Build();
    }

    private static IPEndPoint BoundEndPoint(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var uri = new Uri(address);
        return new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
    }
}
