using LambdaStreaming.Emulator.Invocations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LambdaStreaming.Emulator.Front;

/// <summary>
/// Any request on the HTTP port that is not a Lambda API call: turned into the front's event, and the function's
/// response turned back into HTTP, as a Function URL or API Gateway REST API would.
/// </summary>
internal sealed class FrontDoorHandler(InvocationScheduler scheduler, EmulatorLog log, FrontKind front, InvokeMode mode)
{
    public async Task HandleAsync(HttpContext context)
    {
        var body = await LimitedBody.ReadAsync(context.Request, LambdaLimits.BufferedPayloadBytes, null, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"message":"Request Too Long"}""").ConfigureAwait(false);
            return;
        }

        var snapshot = RequestSnapshot.From(context, body);
        var @event = front == FrontKind.RestApi ? RestApiEventWriter.Write(snapshot) : FunctionUrlEventWriter.Write(snapshot);

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var requestId = Guid.NewGuid().ToString();
        var client = new InvokerResponse(context);
        IInvoker invoker = mode == InvokeMode.Buffered ? new BufferedFrontInvoker(client, front, requestId) : new HttpFrontInvoker(client, front, requestId);
        var invocation = scheduler.Enqueue(requestId, @event, clientContext: null, cognitoIdentity: null, invoker);
        using var disconnected = ClientDisconnect.Log(context, invocation, log);

        // The response is written by the function's reports; it stays valid only while this handler runs.
        await client.Released.ConfigureAwait(false);
    }
}
