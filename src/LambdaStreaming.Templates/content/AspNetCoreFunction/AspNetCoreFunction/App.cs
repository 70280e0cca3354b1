using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using LambdaStreaming.AspNetCore;

namespace AspNetCoreFunction;

/// <summary>The app: <c>GET /hello</c> answers JSON, <c>GET /stream</c> streams Server-Sent Events as they are made.</summary>
public static class App
{
    /// <summary>Builds the app; a test passes <paramref name="configureServices"/> to put its in-memory server in.</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = LambdaWebApplication.CreateSlimBuilder(args, LambdaEventSource.FunctionUrl);
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJson.Default));
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGet("/hello", () => new Hello("Hello from ASP.NET Core on Lambda"));
        app.MapGet("/stream", (int? count, int? intervalMs, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(Ticks(Math.Clamp(count ?? 5, 1, 1_000), TimeSpan.FromMilliseconds(Math.Clamp(intervalMs ?? 1_000, 0, 60_000)), cancellationToken)));
        return app;
    }

    private static async IAsyncEnumerable<SseItem<string>> Ticks(int count, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 1; i <= count; i++)
        {
            if (i > 1)
            {
                await Task.Delay(interval, cancellationToken);
            }
            yield return new SseItem<string>($"tick {i} of {count}", "tick") { EventId = i.ToString() };
        }
    }
}
