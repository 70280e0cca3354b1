using System.Text;
using LambdaStreaming.Emulator.Invocations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LambdaStreaming.Emulator.Invoke;

/// <summary>
/// <c>POST /2015-03-31/functions/{name}/invocations</c>, Lambda's Invoke API: the body is the event, the answer the
/// function's whole payload (<see cref="InvokeApiInvoker"/>). InvokeWithResponseStream shares everything but the
/// answer, which <paramref name="answer"/> makes (<see cref="InvokeStream.EventStreamInvoker"/>).
/// </summary>
internal sealed class InvokeHandler(InvocationScheduler scheduler, EmulatorLog log, Func<InvokerResponse, IInvoker> answer)
{
    public async Task HandleAsync(HttpContext context)
    {
        var payload = await LimitedBody.ReadAsync(context.Request, LambdaLimits.BufferedPayloadBytes, null, context.RequestAborted).ConfigureAwait(false);
        if (payload is null)
        {
            await WriteErrorAsync(
                context, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLargeException",
                $"Request must be smaller than {LambdaLimits.BufferedPayloadBytes} bytes for the InvokeFunction operation").ConfigureAwait(false);
            return;
        }

        string? clientContext = null;
        if (context.Request.Headers["X-Amz-Client-Context"].ToString() is { Length: > 0 } encoded)
        {
            try
            {
                // The Invoke API takes it base64-encoded; the Runtime API hands it to the function as JSON text.
                clientContext = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                await WriteErrorAsync(
                    context, StatusCodes.Status400BadRequest, "InvalidRequestContentException",
                    "X-Amz-Client-Context must be base64-encoded JSON.").ConfigureAwait(false);
                return;
            }
        }

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["X-Amzn-RequestId"] = requestId;
        context.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";

        // Tenant-isolated functions: Lambda hands the caller's tenant to the runtime with the invocation.
        var tenantId = context.Request.Headers["X-Amz-Tenant-Id"].ToString() is { Length: > 0 } tenant ? tenant : null;
        var invoker = new InvokerResponse(context);
        var invocation = scheduler.Enqueue(requestId, payload, clientContext, cognitoIdentity: null, answer(invoker), tenantId);
        using var disconnected = ClientDisconnect.Log(context, invocation, log);

        // Other requests write this response; it stays valid only while this handler runs. If the invoker leaves,
        // the invocation still runs to its outcome, as on Lambda.
        await invoker.Released.ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string errorType, string message)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.Headers["X-Amzn-ErrorType"] = errorType;
        var body = Encoding.UTF8.GetBytes(ErrorDocument.Create(errorType, message));
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
