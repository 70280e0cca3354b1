using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using AspNetCoreApp;
using LambdaStreaming.AspNetCore;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

var builder = LambdaWebApplication.CreateSlimBuilder(
    args,
    Enum.Parse<LambdaEventSource>(Environment.GetEnvironmentVariable("APP_EVENT_SOURCE") ?? "FunctionUrl"),
    options => options.ResponseMode = Enum.Parse<LambdaResponseMode>(Environment.GetEnvironmentVariable("APP_RESPONSE_MODE") ?? "Streaming"));
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default));
builder.Services.AddProblemDetails();
var app = builder.Build();

// Under /raw nothing handles an exception, so what the server itself does is seen; elsewhere the app's handler answers.
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/raw"), branch => branch.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandler = async context =>
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        context.Response.StatusCode = 500;
        await TypedResults.Problem(title: "handled", detail: error?.Message, statusCode: 500).ExecuteAsync(context);
    },
}));
app.Use(async (context, next) =>
{
    context.Response.OnStarting(() =>
    {
        context.Response.Headers.Append("X-Order", "first-on-starting");
        return Task.CompletedTask;
    });
    context.Items["order"] = "first";
    await next(context);
});
app.Use(async (context, next) =>
{
    context.Items["order"] += ",second";
    await next(context);
});

app.MapGet("/hello/{name}", (string name) => $"Hello, {name}!");
app.MapGet("/order", (HttpContext context) => (string)context.Items["order"]!);
app.MapGet("/query", (HttpContext context) => context.Request.Query.ToDictionary(q => q.Key, q => q.Value.Select(v => v ?? "").ToArray()));
app.MapGet("/headers", (HttpContext context) => context.Request.Headers.Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
    .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
app.MapGet("/response-headers", (HttpContext context) =>
{
    context.Response.Headers.Append("X-Multi", "one");
    context.Response.Headers.Append("X-Multi", "two");
    context.Response.Headers["X-Single"] = "only";
    return "headers set";
});
app.MapGet("/cookies", (HttpContext context) =>
{
    context.Response.Cookies.Append("session", "abc");
    context.Response.Cookies.Append("theme", "dark");
    return context.Request.Cookies.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => c.Value);
});
app.MapPost("/echo", async (HttpContext context) =>
{
    using var body = new MemoryStream();
    await context.Request.Body.CopyToAsync(body);
    return Results.Bytes(body.ToArray(), context.Request.ContentType ?? "application/octet-stream");
});
app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
app.MapGet("/problem", () => TypedResults.Problem(title: "bad thing", statusCode: 400));
app.MapGet("/throw", IResult () => throw new InvalidOperationException("thrown by /throw"));
app.MapGet("/raw/throw", IResult () => throw new InvalidOperationException("thrown by /raw/throw"));
app.MapGet("/raw/fail-midway", async (HttpContext context) =>
{
    await context.Response.WriteAsync("partial\n");
    await context.Response.Body.FlushAsync();
    throw new InvalidOperationException("failed after the first chunk");
});
app.MapGet("/facts", (HttpContext context) => new RequestFacts(
    context.Request.Method,
    context.Request.Scheme,
    context.Request.PathBase,
    context.Request.Path,
    context.Request.QueryString.Value ?? "",
    context.Connection.RemoteIpAddress?.ToString(),
    context.TraceIdentifier,
    context.GetLambdaContext()?.AwsRequestId,
    context.User.Identity?.IsAuthenticated ?? false,
    context.User.Identity?.AuthenticationType,
    context.User.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => string.Join(",", g.Select(c => c.Value)))));

// Streaming, every way ASP.NET Core does it; each takes ?count= and ?intervalMs=.
app.MapGet("/sse", (int? count, int? intervalMs, CancellationToken cancellationToken) =>
    TypedResults.ServerSentEvents(Ticks(count ?? 3, intervalMs ?? 300, cancellationToken)));
app.MapGet("/numbers", (int? count, int? intervalMs, CancellationToken cancellationToken) => Numbers(count ?? 3, intervalMs ?? 300, cancellationToken));
app.MapGet("/chunks", async (HttpContext context, int? count, int? intervalMs) =>
{
    context.Response.ContentType = "text/plain";
    for (var i = 0; i < (count ?? 3); i++)
    {
        await context.Response.WriteAsync($"chunk {i}\n");
        await context.Response.Body.FlushAsync();
        await Task.Delay(intervalMs ?? 300);
    }
});
app.MapGet("/writer", async (HttpContext context, int? count, int? intervalMs) =>
{
    context.Response.ContentType = "text/plain";
    await context.Response.StartAsync();
    for (var i = 0; i < (count ?? 3); i++)
    {
        var line = System.Text.Encoding.UTF8.GetBytes($"line {i}\n");
        line.CopyTo(context.Response.BodyWriter.GetSpan(line.Length));
        context.Response.BodyWriter.Advance(line.Length);
        await context.Response.BodyWriter.FlushAsync();
        await Task.Delay(intervalMs ?? 300);
    }
});
app.MapGet("/stream-result", () => Results.Stream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("from a stream\n")), "text/plain"));
app.MapGet("/binary", () => Results.Bytes(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), "application/octet-stream"));

// Lambda-only behaviour: requests side by side (AWS_LAMBDA_MAX_CONCURRENCY), and the deadline as RequestAborted.
app.MapGet("/together", async (int n) => await Gathering.JoinAsync(n) ? $"{n} together" : "alone");
app.MapGet("/gc", () => System.Runtime.GCSettings.IsServerGC ? "server" : "workstation");
app.MapGet("/until-aborted", async (HttpContext context) =>
{
    try
    {
        await Task.Delay(Timeout.Infinite, context.RequestAborted);
    }
    catch (OperationCanceledException)
    {
        // The writers ASP.NET Core offers stop at RequestAborted too: say it in the status and a header.
        context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
        context.Response.Headers["X-Aborted-With-Ms-Left"] = (context.GetLambdaContext()?.RemainingTime.TotalMilliseconds ?? -1).ToString("0");
    }
});

app.Run();

static async IAsyncEnumerable<SseItem<Tick>> Ticks(int count, int intervalMs, [EnumeratorCancellation] CancellationToken cancellationToken)
{
    for (var i = 1; i <= count; i++)
    {
        if (i > 1)
        {
            await Task.Delay(intervalMs, cancellationToken);
        }
        yield return new SseItem<Tick>(new Tick(i, $"update {i}"), "tick");
    }
}

static async IAsyncEnumerable<int> Numbers(int count, int intervalMs, [EnumeratorCancellation] CancellationToken cancellationToken)
{
    for (var i = 0; i < count; i++)
    {
        if (i > 0)
        {
            await Task.Delay(intervalMs, cancellationToken);
        }
        yield return i;
    }
}
