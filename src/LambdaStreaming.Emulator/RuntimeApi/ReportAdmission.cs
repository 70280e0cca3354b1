using LambdaStreaming.Emulator.Environments;
using LambdaStreaming.Emulator.Invocations;
using LambdaStreaming.Emulator.Ledger;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.RuntimeApi;

/// <summary>
/// Decides whether a <c>/response</c> or <c>/error</c> post may report on its invocation, and refuses it
/// (400 or 403 with <c>InvalidRequestID</c>) when not.
/// </summary>
internal sealed class ReportAdmission(InvocationScheduler scheduler, InvocationLedger ledger, EmulatorLog log, ExecutionEnvironment environment)
{
    /// <summary>The invocation the caller now owns the report of, or null when the post was refused and answered.</summary>
    public async Task<Invocation?> ClaimAsync(HttpContext context)
    {
        var requestId = context.Request.RouteValues["id"] as string ?? "";
        if (!Guid.TryParse(requestId, out _))
        {
            await RejectAsync(context, requestId, RejectionReason.MalformedRequestId).ConfigureAwait(false);
            return null;
        }

        var invocation = scheduler.Find(requestId);
        if (invocation?.Environment is { } holder && holder != environment)
        {
            // Each environment reports only on what it was handed, as on Lambda, where it cannot even see the others.
            await RejectAsync(context, requestId, RejectionReason.UnknownRequestId).ConfigureAwait(false);
            return null;
        }

        if (invocation is not null
            && context.Request.Headers["Lambda-Runtime-Invocation-Id"].ToString() is { Length: > 0 } echoed
            && echoed != invocation.InvocationId)
        {
            await RejectAsync(context, requestId, RejectionReason.InvocationIdMismatch).ConfigureAwait(false);
            return null;
        }

        var claim = invocation?.TryClaimReport(HeaderSnapshot.Of(context.Request.Headers))
            ?? (scheduler.FinishedRecently(requestId) ? ReportClaim.Duplicate : ReportClaim.NotHandedOut);
        switch (claim)
        {
            case ReportClaim.Claimed:
                return invocation;
            case ReportClaim.Duplicate:
                await RejectAsync(context, requestId, scheduler.IsGone(requestId) ? RejectionReason.TimedOut : RejectionReason.Duplicate).ConfigureAwait(false);
                return null;
            default:
                await RejectAsync(context, requestId, RejectionReason.UnknownRequestId).ConfigureAwait(false);
                return null;
        }
    }

    /// <summary>Refuses a report whose invocation got its outcome (a timeout, a process exit) while the report arrived.</summary>
    public Task RejectLateAsync(HttpContext context, Invocation invocation) =>
        RejectAsync(context, invocation.RequestId, scheduler.IsGone(invocation.RequestId) ? RejectionReason.TimedOut : RejectionReason.Duplicate);

    /// <summary>Refuses a report.</summary>
    public Task RejectAsync(HttpContext context, string requestId, RejectionReason reason)
    {
        var path = context.Request.Path.Value ?? "";
        var (status, message) = reason switch
        {
            RejectionReason.MalformedRequestId => (StatusCodes.Status400BadRequest, $"Request id '{requestId}' is not a valid request id."),
            RejectionReason.Duplicate => (StatusCodes.Status403Forbidden, $"Invocation {requestId} already has an outcome or a report in progress."),
            RejectionReason.TimedOut => (StatusCodes.Status410Gone, $"Invocation {requestId} timed out; its report comes too late."),
            RejectionReason.InvocationIdMismatch => (StatusCodes.Status403Forbidden, $"The Lambda-Runtime-Invocation-Id does not match invocation {requestId}'s."),
            _ => (StatusCodes.Status403Forbidden, $"No invocation {requestId} was handed out."),
        };

        log.Write($"rejected {context.Request.Method} {path}: {status} {reason}");
        ledger.Add(new RejectedReport(requestId, path, status, reason));
        return RuntimeApiError.WriteAsync(context, status, reason == RejectionReason.TimedOut ? "InvocationTimedOut" : "InvalidRequestID", message);
    }
}
