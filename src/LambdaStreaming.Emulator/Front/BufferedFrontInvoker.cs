using LambdaStreaming.Emulator.Invocations;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.Front;

/// <summary>
/// A front in BUFFERED mode (a Function URL with <c>InvokeMode: BUFFERED</c>, a REST API's non-streaming proxy
/// integration, an HTTP API): it waits for the whole result and reads it as the payload format's response document.
/// </summary>
internal sealed class BufferedFrontInvoker(InvokerResponse client, FrontKind front, string requestId) : BufferingInvoker(client)
{
    public override ValueTask<bool> FailAsync(ReadOnlyMemory<byte> errorDocument) =>
        Client.RespondAsync(StatusCodes.Status502BadGateway, "application/json", FrontErrors.FunctionFailed(front), RequestIdHeader());

    protected override async ValueTask RespondAsync(string contentType, ReadOnlyMemory<byte> payload)
    {
        ProxyResponseDocument document;
        try
        {
            document = ProxyResponseDocument.Parse(payload.Span, front);
        }
        catch (FormatException ex)
        {
            var what = front == FrontKind.RestApi ? "Lambda proxy response" : "Lambda response";
            await Client.RespondAsync(StatusCodes.Status502BadGateway, "application/json", FrontErrors.Malformed(what, ex.Message), RequestIdHeader()).ConfigureAwait(false);
            return;
        }

        var headers = document.Head.Headers.Where(h => !h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase));
        var type = document.Head.Headers.FirstOrDefault(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Value;
        await Client.RespondAsync(document.Head.StatusCode, type, document.Body, [.. headers, .. RequestIdHeader()]).ConfigureAwait(false);
    }

    private KeyValuePair<string, string>[] RequestIdHeader() => [new("x-amzn-RequestId", requestId)];
}
