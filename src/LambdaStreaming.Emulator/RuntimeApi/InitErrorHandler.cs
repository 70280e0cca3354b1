using System.Diagnostics;
using System.Text;
using LambdaStreaming.Emulator.Invocations;
using LambdaStreaming.Emulator.Ledger;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.RuntimeApi;

/// <summary>
/// <c>POST /2018-06-01/runtime/init/error</c>: the function could not initialise. As on Lambda, the invocations
/// waiting for it get the init error (200, <c>X-Amz-Function-Error: Unhandled</c>).
/// </summary>
internal sealed class InitErrorHandler(InvocationScheduler scheduler, InvocationLedger ledger, EmulatorLog log, Func<bool> othersServe)
{
    private readonly Lock _gate = new();
    private string? _last;
    private int _repeats;

    public async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        var errorType = ErrorTypeHeader.Read(context.Request, log);
        var body = await LimitedBody.ReadAsync(context.Request, LambdaLimits.BufferedPayloadBytes, null, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await RuntimeApiError.WriteAsync(
                context, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", "The error document exceeds 6 MiB.").ConfigureAwait(false);
            return;
        }

        var errorBody = body.Length > 0 ? Encoding.UTF8.GetString(body) : ErrorDocument.Create(errorType ?? "Runtime.Unknown", "");
        var line = $"init error: type={errorType ?? "-"} body={errorBody}";
        lock (_gate)
        {
            // A function that fails at init fails the same way at every restart: once in full is enough.
            _repeats = line == _last ? _repeats + 1 : 0;
            _last = line;
            log.Write(_repeats == 0 ? line : $"init error: the same as the last one ({_repeats + 1} in a row)");
        }
        ledger.Add(new InitErrorRecord(errorType, errorBody, arrived));
        // Another environment that serves will take what waits; with none, the waiting requests fail as on Lambda.
        if (!othersServe())
        {
            await scheduler.FailQueuedAsync(errorType ?? "Runtime.Unknown", _ => errorBody).ConfigureAwait(false);
        }
        await Accepted.WriteAsync(context).ConfigureAwait(false);
    }
}
