using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LambdaStreaming.AspNetCore;

/// <summary>
/// The <see cref="IServer"/> that replaces Kestrel on Lambda: it runs the LambdaStreaming runtime in-process and hands
/// each invocation to the app's pipeline as one request. ASP.NET Core's lifetime owns the process: SIGTERM stops the
/// server (the invocation in flight still ends with its outcome), and a runtime that cannot go on stops the app with
/// its exit code.
/// </summary>
internal sealed class LambdaServer(IOptions<LambdaHostingOptions> options, IHostApplicationLifetime lifetime) : IServer
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Whether the process runs as a Lambda function: the Runtime API's address is set.</summary>
    public static bool IsOnLambda => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API"));
    private Task<int>? _runtime;

    public IFeatureCollection Features { get; } = NewFeatures();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        var settings = options.Value;
        settings.Runtime.HandleSigterm = false;
        _runtime = LambdaRuntime.RunAsync(LambdaApplicationHandler.Create(application, settings.EventSource, settings.ResponseMode), settings.Runtime, _stopping.Token);
        _ = StopAppWhenTheRuntimeEndsAsync(_runtime);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_runtime is not null)
        {
            await _runtime.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task StopAppWhenTheRuntimeEndsAsync(Task<int> runtime)
    {
        var exitCode = await runtime.ConfigureAwait(false);
        if (!_stopping.IsCancellationRequested)
        {
            // The Runtime API is broken or the function could not start: a non-zero exit lets Lambda replace the environment.
            Environment.ExitCode = exitCode;
            lifetime.StopApplication();
        }
    }

    private static FeatureCollection NewFeatures()
    {
        var features = new FeatureCollection();
        features.Set<IServerAddressesFeature>(new ServerAddressesFeature());
        return features;
    }
}
