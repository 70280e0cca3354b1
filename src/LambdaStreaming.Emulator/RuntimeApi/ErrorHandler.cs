using System.Text;
using LambdaStreaming.Emulator.Invocations;
using LambdaStreaming.Emulator.Ledger;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.RuntimeApi;

/// <summary>
/// <c>POST /2018-06-01/runtime/invocation/{id}/error</c>: the function failed before sending any response byte.
/// The invoker gets what Lambda's Invoke API returns: 200, <c>X-Amz-Function-Error: Unhandled</c>, the error document.
/// </summary>
internal sealed class ErrorHandler(InvocationScheduler scheduler, ReportAdmission admission, EmulatorLog log)
{
    public async Task HandleAsync(HttpContext context)
    {
        var invocation = await admission.ClaimAsync(context).ConfigureAwait(false);
        if (invocation is null)
        {
            return;
        }

        var body = await LimitedBody.ReadAsync(context.Request, LambdaLimits.BufferedPayloadBytes, null, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            // Refused, not decided: the function may still report a smaller error.
            invocation.ReleaseReport();
            await RuntimeApiError.WriteAsync(
                context, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", "The error document exceeds 6 MiB.").ConfigureAwait(false);
            return;
        }

        var errorType = ErrorTypeHeader.Read(context.Request, log);
        var errorBody = body.Length > 0
            ? Encoding.UTF8.GetString(body)
            : ErrorDocument.Create(errorType ?? "Runtime.Unknown", "");
        if (!await scheduler.TryFailAsync(invocation, errorType ?? "Runtime.Unknown", errorBody).ConfigureAwait(false))
        {
            await admission.RejectLateAsync(context, invocation).ConfigureAwait(false);
            return;
        }

        await Accepted.WriteAsync(context).ConfigureAwait(false);
    }
}
