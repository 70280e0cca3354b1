using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using LambdaStreaming.AspNetCore;

namespace AspNetCoreSse;

/// <summary>The app: the page, and the stream of a welcome event then updates.</summary>
public static class SseApp
{
    /// <summary>Builds the app; a unit test passes <paramref name="configureServices"/> to put its in-memory server in.</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        // On Lambda a lean builder without Kestrel (a Lambda publish leaves it out); under `dotnet run`, the slim builder.
        var builder = LambdaWebApplication.CreateSlimBuilder(args, LambdaEventSource.FunctionUrl);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, SseJson.Default);
            // The welcome event carries its message only.
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();

        app.MapGet("/", () => Results.Content(Page.Html, "text/html; charset=utf-8"));
        app.MapPost("/sse", Stream);
        app.MapGet("/stream", Stream);
        return app;
    }

    private static IResult Stream(HttpContext context, int? count, int? intervalMs) =>
        TypedResults.ServerSentEvents(Events(
            Math.Clamp(count ?? 10, 0, 10_000),
            TimeSpan.FromMilliseconds(Math.Clamp(intervalMs ?? 2000, 0, 60_000)),
            context.RequestAborted));

    private static async IAsyncEnumerable<SseItem<Update>> Events(int count, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new SseItem<Update>(new Update(null, null, "connected"), "welcome");
        for (var id = 1; id <= count; id++)
        {
            if (id > 1)
            {
                await Task.Delay(interval, cancellationToken);
            }
            var now = DateTimeOffset.UtcNow;
            yield return new SseItem<Update>(new Update(now.ToString("O"), Random.Shared.Next(100), $"Current time {now:yyyy-MM-dd HH:mm:ss} UTC"), "update") { EventId = id.ToString() };
        }
    }
}
