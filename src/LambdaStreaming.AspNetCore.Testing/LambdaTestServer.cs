using System.Text.Json;
using LambdaStreaming.Http;
using LambdaStreaming.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace LambdaStreaming.AspNetCore.Testing;

/// <summary>
/// An <see cref="IServer"/> for unit tests: once the app has started, <see cref="InvokeAsync(string, TestLambdaContext?)"/>
/// runs one Lambda event through the app's pipeline in memory with the Lambda host's own pipeline code
/// (<see cref="LambdaApplicationHandler"/>), and returns what Lambda would have received. The app's logging stays as it
/// is configured off Lambda (the console, under <c>CreateSlimBuilder</c>): lines logged through <c>ILogger</c> are not
/// in <see cref="InvocationRecord.Logs"/>; the host's own (an exception that escaped the app) are. Register it with <c>AddLambdaTestServer</c>, build and start the app, then
/// take it from the app's services.
/// </summary>
public sealed class LambdaTestServer : IServer
{
    private StreamingHandler? _handler;

    /// <summary>Creates a server for the events of <paramref name="eventSource"/>.</summary>
    /// <param name="eventSource">The front whose events the tests send.</param>
    /// <param name="responseMode">Streamed responses (the default) or the whole response document.</param>
    public LambdaTestServer(LambdaEventSource eventSource, LambdaResponseMode responseMode = LambdaResponseMode.Streaming)
    {
        EventSource = eventSource;
        ResponseMode = responseMode;
        Features.Set<IServerAddressesFeature>(new ServerAddressesFeature());
    }

    /// <summary>The front whose events the tests send.</summary>
    public LambdaEventSource EventSource { get; }

    /// <summary>Streamed or whole responses.</summary>
    public LambdaResponseMode ResponseMode { get; }

    /// <inheritdoc />
    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <inheritdoc />
    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        _handler = LambdaApplicationHandler.Create(application, EventSource, ResponseMode);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _handler = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>Runs one event (its JSON, as the front sends it) through the app.</summary>
    /// <param name="payload">The event.</param>
    /// <param name="context">The context; a new <see cref="TestLambdaContext"/> if null.</param>
    /// <exception cref="InvalidOperationException">The app has not been started (or has been stopped).</exception>
    public Task<InvocationRecord> InvokeAsync(string payload, TestLambdaContext? context = null) =>
        LambdaTestHost.InvokeAsync(_handler ?? throw NotStarted(), payload, context);

    /// <summary>Runs a Function URL event through the app.</summary>
    /// <param name="request">The event.</param>
    /// <param name="context">The context; a new <see cref="TestLambdaContext"/> if null.</param>
    public Task<InvocationRecord> InvokeAsync(FunctionUrlRequest request, TestLambdaContext? context = null) =>
        LambdaTestHost.InvokeAsync(_handler ?? throw NotStarted(), JsonSerializer.SerializeToUtf8Bytes(request, HttpEventJsonContext.Default.FunctionUrlRequest), context);

    /// <summary>Runs an API Gateway REST proxy event through the app.</summary>
    /// <param name="request">The event.</param>
    /// <param name="context">The context; a new <see cref="TestLambdaContext"/> if null.</param>
    public Task<InvocationRecord> InvokeAsync(ApiGatewayProxyRequest request, TestLambdaContext? context = null) =>
        LambdaTestHost.InvokeAsync(_handler ?? throw NotStarted(), JsonSerializer.SerializeToUtf8Bytes(request, HttpEventJsonContext.Default.ApiGatewayProxyRequest), context);

    private static InvalidOperationException NotStarted() =>
        new("The app has not started: call app.StartAsync() before invoking it (and register the server with AddLambdaTestServer before building it).");
}
