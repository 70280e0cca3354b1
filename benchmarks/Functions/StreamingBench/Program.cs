// The end-to-end harness's function. Event "small": one 6-byte chunk. Event "bulk:<bytes>": that many bytes in
// 64 KiB chunks, written in place into the pipe. Baselines/HttpClientRuntime answers the same events.
using System.Buffers.Text;
using LambdaStreaming;

const int Piece = 64 * 1024;

return await LambdaRuntime.RunAsync(async (request, response, context) =>
{
    response.ContentType = "application/octet-stream";
    var @event = request.Payload.Span;
    if (!@event.StartsWith("bulk:"u8))
    {
        "hello\n"u8.CopyTo(response.GetSpan(6));
        response.Advance(6);
        await response.FlushAsync();
        return;
    }

    Utf8Parser.TryParse(@event["bulk:"u8.Length..], out long total, out _);
    for (long sent = 0; sent < total; sent += Piece)
    {
        var size = (int)Math.Min(Piece, total - sent);
        response.GetSpan(size);
        response.Advance(size);
        await response.FlushAsync();
    }
});
