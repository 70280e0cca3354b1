using LambdaStreaming.Emulator.Extensions;
using LambdaStreaming.Emulator.Faults;
using LambdaStreaming.Emulator.Function;
using LambdaStreaming.Emulator.Hosting;
using LambdaStreaming.Emulator.Invocations;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.RuntimeApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.Environments;

/// <summary>
/// The function's execution environments. Like Lambda for an on-demand function, a request that finds every
/// environment busy starts another (its own process and Runtime API port), up to
/// <see cref="EmulatorOptions.MaxEnvironments"/>; idle ones take requests first, and the extra ones are retired after
/// <see cref="EmulatorOptions.EnvironmentIdleTimeout"/> without work. With no function command (an external function)
/// or with <see cref="EmulatorOptions.MaxConcurrency"/> above 1 (Managed Instances, concurrency inside one
/// environment) there is one environment.
/// </summary>
internal sealed class EnvironmentPool : IAsyncDisposable
{
    private const string RuntimePrefix = "/2018-06-01/runtime";

    private readonly EmulatorOptions _options;
    private readonly InvocationScheduler _scheduler;
    private readonly InvocationLedger _ledger;
    private readonly EmulatorLog _log;
    private readonly FaultInjector? _faults;
    private readonly CancellationToken _stopping;
    private readonly Lock _gate = new();
    private readonly List<ExecutionEnvironment> _environments = [];
    private readonly List<Task> _starting = [];
    private readonly List<Task> _retiring = [];
    private readonly int _maxEnvironments;
    private int _numbers;
    private bool _disposed;

    public EnvironmentPool(EmulatorOptions options, InvocationScheduler scheduler, InvocationLedger ledger, EmulatorLog log, FaultInjector? faults, CancellationToken stopping)
    {
        _options = options;
        _scheduler = scheduler;
        _ledger = ledger;
        _log = log;
        _faults = faults;
        _stopping = stopping;
        var scales = options.FunctionCommand is { Count: > 0 } && options.MaxConcurrency == 1;
        _maxEnvironments = scales ? options.MaxEnvironments : 1;
        scheduler.Queued += _ => ScaleOut();
        scheduler.TimedOut += OnTimedOut;
    }

    /// <summary>The first environment, which lives as long as the emulator.</summary>
    public ExecutionEnvironment First { get; private set; } = null!;

    /// <summary>How many environments exist now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _environments.Count;
            }
        }
    }

    /// <summary>Starts the first environment (it binds <see cref="EmulatorOptions.RuntimeApiEndPoint"/>).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        First = await CreateAsync(Interlocked.Increment(ref _numbers), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _environments.Add(First);
        }
    }

    /// <summary>Spawns the first environment's function, once the emulator's addresses are announced.</summary>
    public void LaunchFirst() => First.Function?.Start(First.RuntimeApiAddress);

    /// <summary>Whether an environment other than <paramref name="environment"/> is serving: one environment's failed init then fails only itself.</summary>
    public bool OthersServe(ExecutionEnvironment environment)
    {
        lock (_gate)
        {
            return _environments.Any(other => other != environment && other.HasServed && other.TakesWork);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            _disposed = true;
            pending = [.. _starting, .. _retiring];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        ExecutionEnvironment[] all;
        lock (_gate)
        {
            all = [.. _environments];
            _environments.Clear();
        }

        await Task.WhenAll(all.Select(environment => environment.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    // Demand is what waits in the queue; supply is what the environments could take now, counting those still
    // starting (their slots are free), so a burst during one cold start does not start one environment per request.
    private void ScaleOut()
    {
        lock (_gate)
        {
            if (_disposed || _environments.Count + _starting.Count >= _maxEnvironments)
            {
                return;
            }

            var free = _environments.Sum(environment => environment.TakesWork ? environment.FreeCapacity : 0) + _starting.Count * _options.MaxConcurrency;
            if (_scheduler.Waiting <= free)
            {
                return;
            }

            var number = Interlocked.Increment(ref _numbers);
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _starting.Add(started.Task);
            _ = Task.Run(() => StartAnotherAsync(number, started));
        }
    }

    // Leaves _starting in the same locked step that adds the environment, so it is never counted twice or not at all.
    private async Task StartAnotherAsync(int number, TaskCompletionSource started)
    {
        ExecutionEnvironment? environment = null;
        try
        {
            environment = await CreateAsync(number, _stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EmulatorStartException or OperationCanceledException)
        {
            _log.Write($"could not start environment {number}: {ex.Message}");
        }

        bool disposed;
        lock (_gate)
        {
            _starting.Remove(started.Task);
            disposed = _disposed;
            if (environment is not null && !disposed)
            {
                _environments.Add(environment);
            }
        }

        started.TrySetResult();
        if (environment is null)
        {
            return;
        }

        if (disposed)
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            return;
        }

        _log.Write($"environment {number} started (every other environment was busy): runtime api http://{environment.RuntimeApiAddress}{RuntimePrefix}/");
        environment.Function?.Start(environment.RuntimeApiAddress);
        _ = RetireWhenIdleAsync(environment);
    }

    // Extra environments go when they have had no work for the idle timeout; the first stays.
    private async Task RetireWhenIdleAsync(ExecutionEnvironment environment)
    {
        var timeout = _options.EnvironmentIdleTimeout;
        try
        {
            while (true)
            {
                var idle = environment.IdleFor;
                await Task.Delay(idle >= timeout ? TimeSpan.Zero : timeout - idle, _options.TimeProvider, _stopping).ConfigureAwait(false);
                if (environment.IdleFor < timeout)
                {
                    continue;
                }

                Task retirement;
                lock (_gate)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    lock (environment.Gate)
                    {
                        if (!environment.IsIdle)
                        {
                            continue;
                        }

                        environment.BeginRetiring();
                    }

                    _environments.Remove(environment);
                    retirement = Task.Run(() => RetireAsync(environment, timeout));
                    _retiring.Add(retirement);
                }

                await retirement.ConfigureAwait(false);
                lock (_gate)
                {
                    _retiring.Remove(retirement);
                }

                // Anything it gave back while retiring may need another environment now.
                ScaleOut();
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // The emulator is stopping; disposal retires everything.
        }
    }

    private async Task RetireAsync(ExecutionEnvironment environment, TimeSpan timeout)
    {
        _log.Write($"environment {environment.Number} retired after {timeout.TotalSeconds:0.###} s without work");
        await environment.DisposeAsync().ConfigureAwait(false);
    }

    private void OnTimedOut(Invocation invocation)
    {
        // Lambda Managed Instances keep the environment when one invocation times out: the others go on.
        if (_options.MaxConcurrency == 1 && invocation.Environment?.Function is { } function)
        {
            _ = function.RetireAsync("timeout");
        }
    }

    private async Task<ExecutionEnvironment> CreateAsync(int number, CancellationToken cancellationToken)
    {
        var environment = new ExecutionEnvironment(number, _options.MaxConcurrency, _options.TimeProvider);
        if (_options.FunctionCommand is { Count: > 0 })
        {
            environment.Function = new FunctionProcess(_options, _scheduler, _ledger, environment, _log, () => OthersServe(environment));
        }

        var endPoint = ExecutionEnvironment.EndPointFor(number, _options.RuntimeApiEndPoint);
        var app = EmulatorServer.Create(endPoint);
        MapRuntimeApi(app, environment);
        MapExtensionsApi(app, environment);
        await EmulatorServer.StartAsync(app, endPoint, "--runtime-api", cancellationToken).ConfigureAwait(false);
        environment.RuntimeApi = app;
        environment.RuntimeApiAddress = EmulatorServer.BoundEndPoint(app).ToString();
        return environment;
    }

    private void MapRuntimeApi(WebApplication app, ExecutionEnvironment environment)
    {
        var admission = new ReportAdmission(_scheduler, _ledger, _log, environment);
        var next = new NextHandler(_scheduler, _ledger, _log, environment, FunctionEnvironment.FunctionArn(_options.FunctionName), _options.ActiveTracing, _faults, _stopping);
        var response = new ResponseHandler(_scheduler, admission, _faults, _log);
        var error = new ErrorHandler(_scheduler, admission, _log);
        var initError = new InitErrorHandler(_scheduler, _ledger, _log, () => OthersServe(environment));
        app.MapGet($"{RuntimePrefix}/invocation/next", (RequestDelegate)next.HandleAsync);
        app.MapPost($"{RuntimePrefix}/invocation/{{id}}/response", (RequestDelegate)response.HandleAsync);
        app.MapPost($"{RuntimePrefix}/invocation/{{id}}/error", (RequestDelegate)error.HandleAsync);
        app.MapPost($"{RuntimePrefix}/init/error", (RequestDelegate)initError.HandleAsync);
    }

    private void MapExtensionsApi(WebApplication app, ExecutionEnvironment environment)
    {
        var register = new RegisterHandler(environment.Extensions, _log, _options.FunctionName, FunctionEnvironment.Handler(_options));
        var eventNext = new EventNextHandler(environment.Extensions);
        app.MapPost("/2020-01-01/extension/register", (RequestDelegate)register.HandleAsync);
        app.MapGet("/2020-01-01/extension/event/next", (RequestDelegate)eventNext.HandleAsync);
    }
}
