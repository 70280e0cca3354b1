using LambdaStreaming.Emulator.Invocations;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.Invoke;

/// <summary>
/// Answers Lambda's synchronous Invoke API: the payload whole, with its length, once it is complete; any function
/// error (reported through <c>/error</c>, or in a stream's trailers before or after bytes) as 200 with
/// <c>X-Amz-Function-Error: Unhandled</c> and the error document. A streaming function is buffered too (AWS documents
/// that only InvokeWithResponseStream and a RESPONSE_STREAM Function URL stream), so an SDK never sees a cut
/// connection, which it would retry, running the function again.
/// </summary>
internal sealed class InvokeApiInvoker(InvokerResponse client) : BufferingInvoker(client)
{
    public override ValueTask<bool> FailAsync(ReadOnlyMemory<byte> errorDocument) =>
        Client.RespondAsync(StatusCodes.Status200OK, "application/json", errorDocument, [new("X-Amz-Function-Error", "Unhandled")]);

    protected override async ValueTask RespondAsync(string contentType, ReadOnlyMemory<byte> payload) =>
        await Client.RespondAsync(StatusCodes.Status200OK, contentType, payload).ConfigureAwait(false);
}
