using System.Buffers;
using LambdaStreaming.Emulator.Faults;
using LambdaStreaming.Emulator.Invocations;
using LambdaStreaming.Emulator.Ledger;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.RuntimeApi;

/// <summary>
/// <c>POST /2018-06-01/runtime/invocation/{id}/response</c>: a buffered body, or a streamed one that is forwarded
/// to the invoker piece by piece as it arrives, possibly ending in error trailers.
/// </summary>
internal sealed class ResponseHandler(InvocationScheduler scheduler, ReportAdmission admission, FaultInjector? faults, EmulatorLog log)
{
    private const string TooLargeType = "Function.ResponseSizeTooLarge";

    public async Task HandleAsync(HttpContext context)
    {
        var invocation = await admission.ClaimAsync(context).ConfigureAwait(false);
        if (invocation is null)
        {
            return;
        }

        if (faults?.AtResponse() == true)
        {
            log.Write($"fault: {RuntimeApiFault.ResponseConnectionCut} on invocation {invocation.RequestId}");
            context.Abort();
            await scheduler.TryFailAsync(
                invocation, "Runtime.InjectedFault", ErrorDocument.Create("Runtime.InjectedFault", "The emulator cut the response's connection on purpose.")).ConfigureAwait(false);
            return;
        }

        var streaming = string.Equals(
            context.Request.Headers["Lambda-Runtime-Function-Response-Mode"], "streaming", StringComparison.OrdinalIgnoreCase);
        try
        {
            await (streaming ? StreamAsync(context, invocation) : BufferAsync(context, invocation)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException or OperationCanceledException)
        {
            // The function's connection broke mid-body: whatever reached the invoker is all it gets.
            await scheduler.TryFailAsync(
                invocation, "Runtime.TruncatedResponse", ErrorDocument.Create("Runtime.TruncatedResponse", ex.Message)).ConfigureAwait(false);
        }
    }

    // Lambda delivers a buffered response whole, with its length, so it is collected before the invoker sees it.
    private async Task BufferAsync(HttpContext context, Invocation invocation)
    {
        var contentType = context.Request.ContentType ?? "application/json";
        invocation.SetContentType(contentType);
        var body = await LimitedBody.ReadAsync(
            context.Request, LambdaLimits.BufferedPayloadBytes, invocation.OnBodyReceived, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await TooLargeAsync(context, invocation, LambdaLimits.BufferedPayloadBytes).ConfigureAwait(false);
            return;
        }

        await FinishAsync(context, invocation, async () =>
        {
            await invocation.Invoker.StartAsync(contentType, body.Length).ConfigureAwait(false);
            await invocation.Invoker.WriteAsync(new ReadOnlySequence<byte>(body)).ConfigureAwait(false);
            await invocation.Invoker.CompleteAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpContext context, Invocation invocation)
    {
        var contentType = context.Request.ContentType ?? "application/octet-stream";
        invocation.SetContentType(contentType);
        var limit = invocation.Invoker.MaxResponseBytes;

        // The invoker's response starts at the first body byte, not when the POST begins: a stream that ends in error
        // trailers before any byte (the Node RIC's way of failing early) is then reported exactly like an /error.
        var reader = context.Request.BodyReader;
        var started = false;
        long received = 0;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            var buffer = result.Buffer;
            received += buffer.Length;
            if (received > limit)
            {
                reader.AdvanceTo(buffer.End);
                await TooLargeAsync(context, invocation, limit).ConfigureAwait(false);
                return;
            }

            if (!buffer.IsEmpty)
            {
                // Counted (and timestamped) before the invoker's headers go out, so time to first byte measures the
                // function rather than the emulator's own forwarding; the headers still precede the body.
                invocation.OnBodyReceived(buffer);
                if (!started)
                {
                    started = true;
                    await invocation.Invoker.StartAsync(contentType, contentLength: null).ConfigureAwait(false);
                }

                await invocation.Invoker.WriteAsync(buffer).ConfigureAwait(false);
            }

            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                break;
            }

            if (invocation.IsFinished)
            {
                // A timeout or process exit decided the outcome meanwhile; no point reading the rest.
                await admission.RejectLateAsync(context, invocation).ConfigureAwait(false);
                return;
            }
        }

        await FinishAsync(context, invocation, async () =>
        {
            if (!started)
            {
                await invocation.Invoker.StartAsync(contentType, contentLength: null).ConfigureAwait(false);
            }

            await invocation.Invoker.CompleteAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the invocation with this report once its body was read. Refused when a timeout or process exit decided the
    /// outcome while the body arrived. With error trailers it is an error: before any byte reached the invoker, an
    /// error like any other (a buffering invoker always answers with it); after bytes left, a stream invoker can't
    /// change a status that already went out and ends abnormally. Otherwise <paramref name="deliverResponse"/> gives
    /// the invoker the rest of the response. Then the ledger records the outcome and the function gets its 202.
    /// </summary>
    private async Task FinishAsync(HttpContext context, Invocation invocation, Func<Task> deliverResponse)
    {
        var trailers = ErrorTrailers.Read(context);
        if (!invocation.TryFinish())
        {
            await admission.RejectLateAsync(context, invocation).ConfigureAwait(false);
            return;
        }

        var outcome = InvocationOutcome.Response;
        if (trailers.ErrorType is not null)
        {
            var errorDocument = trailers.ErrorBody ?? ErrorDocument.Create(trailers.ErrorType, "");
            var reportedWhole = await invocation.Invoker.FailAsync(System.Text.Encoding.UTF8.GetBytes(errorDocument)).ConfigureAwait(false);
            outcome = reportedWhole ? InvocationOutcome.Error : InvocationOutcome.StreamError;
        }
        else
        {
            await deliverResponse().ConfigureAwait(false);
        }

        var failed = outcome != InvocationOutcome.Response;
        scheduler.Record(invocation, outcome, failed ? trailers.ErrorType : null, failed ? trailers.ErrorBody : null, trailers.All);
        await Accepted.WriteAsync(context).ConfigureAwait(false);
    }

    private async Task TooLargeAsync(HttpContext context, Invocation invocation, long limit)
    {
        var message = $"Response payload size exceeded maximum allowed payload size ({limit} bytes).";
        await scheduler.TryFailAsync(invocation, TooLargeType, ErrorDocument.Create(TooLargeType, message)).ConfigureAwait(false);
        await RuntimeApiError.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLargeType, message).ConfigureAwait(false);
    }
}
