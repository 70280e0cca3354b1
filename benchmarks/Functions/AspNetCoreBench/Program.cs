// The end-to-end harness's function as an ASP.NET Core app: /bulk:<bytes> streams that many bytes in 64 KiB chunks
// written in place into Response.BodyWriter; any other path answers one 6-byte chunk, as StreamingBench does.
using LambdaStreaming.AspNetCore;

const int Piece = 64 * 1024;

var builder = LambdaWebApplication.CreateSlimBuilder(args, LambdaEventSource.FunctionUrl);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/{**path}", async (HttpContext context, string? path) =>
{
    context.Response.ContentType = "application/octet-stream";
    await context.Response.StartAsync();
    var writer = context.Response.BodyWriter;
    if (path is null || !path.StartsWith("bulk:", StringComparison.Ordinal) || !long.TryParse(path.AsSpan(5), out var total))
    {
        "hello\n"u8.CopyTo(writer.GetSpan(6));
        writer.Advance(6);
        await writer.FlushAsync();
        return;
    }
    for (long sent = 0; sent < total; sent += Piece)
    {
        var size = (int)Math.Min(Piece, total - sent);
        writer.GetSpan(size);
        writer.Advance(size);
        await writer.FlushAsync();
    }
});
app.Run();
