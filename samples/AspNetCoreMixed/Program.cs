// The Express streaming example as an ASP.NET Core minimal API behind API Gateway REST (transferMode: STREAM): GET
// /stream sends 10 "Chunk #i" events a second apart and then `event: end`; GET /hello answers plain JSON at once. One
// app, one function, both kinds of answer.
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AspNetCoreMixed;
using LambdaStreaming.AspNetCore;

var builder = LambdaWebApplication.CreateSlimBuilder(args, LambdaEventSource.RestApi);
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, MixedJson.Default));
var app = builder.Build();

app.MapGet("/hello", () => TypedResults.Ok(new Hello("Hello from ASP.NET Core on Lambda!", Now(), StreamingEnabled: true)));
app.MapGet("/stream", (int? count, int? intervalMs, HttpContext context) => TypedResults.ServerSentEvents(Chunks(
    Math.Clamp(count ?? 10, 0, 10_000),
    TimeSpan.FromMilliseconds(Math.Clamp(intervalMs ?? 1000, 0, 60_000)),
    context.RequestAborted)));
app.Run();

static async IAsyncEnumerable<SseItem<string>> Chunks(int count, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken)
{
    for (var i = 1; i <= count; i++)
    {
        if (i > 1)
        {
            await Task.Delay(interval, cancellationToken);
        }
        yield return new SseItem<string>(JsonSerializer.Serialize(new Chunk($"Chunk #{i}", Now()), MixedJson.Default.Chunk));
    }
    yield return new SseItem<string>("Stream finished", "end");
}

static string Now() => DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
