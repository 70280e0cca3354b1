using System.Diagnostics;
using LambdaStreaming.AspNetCore;
using LambdaStreaming.Telemetry;
using LambdaStreaming.Tests.Integration;
using LambdaStreaming.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace LambdaStreaming.Tests.Telemetry;

/// <summary>
/// An ASP.NET Core app on the runtime behind the emulator, traced with ASP.NET Core's own OpenTelemetry
/// instrumentation: its request activity is a child of the invocation's span, also when the request carries a traceparent.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class AspNetCoreTelemetryTests
{
    private static readonly HttpClient Http = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_request_activity_is_a_child_of_the_invocation_span(bool requestHasTraceParent)
    {
        using var telemetry = new TelemetryCapture(tracing => tracing.AddAspNetCoreInstrumentation());
        await using var emulator = await EmulatorFixture.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IServer>(new RuntimeServer(emulator.RuntimeApiAddress));
        await using var app = builder.Build();
        app.MapGet("/traced", (HttpContext http) =>
        {
            // The emulator in this process is an ASP.NET Core app too: mark the function's own request activity.
            Activity.Current?.SetTag("test.function_app", true);
            return $"{Activity.Current?.ParentSpanId.ToHexString()}|{http.Request.Headers.TraceParent}";
        });
        await app.StartAsync();

        const string incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.HttpAddress, "traced"));
        if (requestHasTraceParent)
        {
            message.Headers.Add("traceparent", incoming);
        }
        using var reply = await Http.SendAsync(message).WithGuard();
        var seen = (await reply.Content.ReadAsStringAsync()).Split('|');
        await emulator.Ledger.WaitForNextRequestsAsync(2).WithGuard();
        await app.StopAsync();

        var invocation = telemetry.SpanOf(reply.RequestId())!;
        var request = Assert.Single(telemetry.Spans, span => span.GetTagItem("test.function_app") is true);
        Assert.Equal("Microsoft.AspNetCore", request.Source.Name);
        Assert.Equal(invocation.TraceId, request.TraceId);
        Assert.Equal(invocation.SpanId, request.ParentSpanId);
        Assert.Equal(invocation.SpanId.ToHexString(), seen[0]);
        // The app sees the invocation's span as its caller, as behind a proxy; the span's own parent is the caller's.
        Assert.Equal(invocation.Id, seen[1]);
        Assert.Equal(requestHasTraceParent ? "b7ad6b7169203331" : default(ActivitySpanId).ToHexString(), invocation.ParentSpanId.ToHexString());
    }

    /// <summary>The Lambda host's server, over the runtime of the in-process tests (their environment, not the process's).</summary>
    private sealed class RuntimeServer(string runtimeApi) : IServer
    {
        private RuntimeUnderTest? _runtime;

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull
        {
            _runtime = RuntimeUnderTest.Start(runtimeApi, LambdaApplicationHandler.Create(application, LambdaEventSource.FunctionUrl));
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_runtime is not null)
            {
                await _runtime.DisposeAsync();
            }
        }

        public void Dispose()
        {
        }
    }
}
