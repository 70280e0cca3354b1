// The Hono streamSSE example as an ASP.NET Core minimal API on Lambda: POST /sse and GET /stream send a welcome event
// and then 10 updates 2 s apart (?count=N&intervalMs=M to change that); GET / serves a page that renders them live.
// `dotnet run` serves it on Kestrel; on Lambda (behind a RESPONSE_STREAM Function URL) the same app streams from its
// Native AOT bootstrap.
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using AspNetCoreSse;
using LambdaStreaming.AspNetCore;

// On Lambda a lean builder without Kestrel (a Lambda publish leaves it out); under `dotnet run`, the slim builder.
var builder = LambdaWebApplication.CreateSlimBuilder(args, LambdaEventSource.FunctionUrl);
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, SseJson.Default);
    // The welcome event carries its message only.
    options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
});
var app = builder.Build();

app.MapGet("/", () => Results.Content(Page.Html, "text/html; charset=utf-8"));
app.MapPost("/sse", Stream);
app.MapGet("/stream", Stream);
app.Run();

static IResult Stream(HttpContext context, int? count, int? intervalMs) =>
    TypedResults.ServerSentEvents(Events(
        Math.Clamp(count ?? 10, 0, 10_000),
        TimeSpan.FromMilliseconds(Math.Clamp(intervalMs ?? 2000, 0, 60_000)),
        context.RequestAborted));

static async IAsyncEnumerable<SseItem<Update>> Events(int count, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
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
