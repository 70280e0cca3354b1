using System.Diagnostics;
using System.Globalization;
using LambdaStreaming.Emulator.Environments;
using LambdaStreaming.Emulator.Faults;
using LambdaStreaming.Emulator.Invocations;
using LambdaStreaming.Emulator.Ledger;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.RuntimeApi;

/// <summary><c>GET /2018-06-01/runtime/invocation/next</c>: a long poll that hands out one invocation.</summary>
internal sealed class NextHandler(
    InvocationScheduler scheduler,
    InvocationLedger ledger,
    EmulatorLog log,
    ExecutionEnvironment environment,
    string functionArn,
    bool activeTracing,
    FaultInjector? faults,
    CancellationToken stopping)
{
    public async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        var coldStart = environment.Function?.TakeColdStart(arrived);
        if (coldStart is { } elapsed)
        {
            var where = environment.Number == 1 ? "" : $" in environment {environment.Number}";
            log.Write(string.Create(CultureInfo.InvariantCulture, $"cold start: {elapsed.TotalMilliseconds:F3} ms (spawn to first next){where}"));
        }

        ledger.Add(new NextRequest(arrived, coldStart, environment.Number));
        environment.Extensions.EndInit();
        environment.OnNext();
        if (faults?.AtNext() is { } fault)
        {
            await InjectAsync(context, fault).ConfigureAwait(false);
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var invocation = await scheduler.HandOutAsync(environment, cancel.Token).ConfigureAwait(false);
        if (invocation is null)
        {
            // The function went away or the emulator is stopping: there is no invocation to answer with.
            context.Abort();
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = invocation.Event.Length;
        var headers = response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = functionArn;
        headers["Lambda-Runtime-Trace-Id"] = invocation.TraceHeader = TraceId.New(activeTracing);
        headers["Lambda-Runtime-Invocation-Id"] = invocation.InvocationId;
        if (invocation.ClientContext is { } clientContext)
        {
            headers["Lambda-Runtime-Client-Context"] = clientContext;
        }

        if (invocation.CognitoIdentity is { } cognitoIdentity)
        {
            headers["Lambda-Runtime-Cognito-Identity"] = cognitoIdentity;
        }

        if (invocation.TenantId is { } tenantId)
        {
            headers["Lambda-Runtime-Aws-Tenant-Id"] = tenantId;
        }

        // Taken just before the send rather than after it: a fast function can answer before this continuation
        // resumes, and the time to first byte must never come out negative. The send itself is one small write.
        invocation.MarkNextWritten(Stopwatch.GetTimestamp());
        await response.Body.WriteAsync(invocation.Event, CancellationToken.None).ConfigureAwait(false);
        await response.CompleteAsync().ConfigureAwait(false);
    }

    // Each fault happens before an invocation is handed out, so the invocation waits for the runtime's next poll.
    private async Task InjectAsync(HttpContext context, RuntimeApiFault fault)
    {
        log.Write($"fault: {fault} on next");
        switch (fault)
        {
            case RuntimeApiFault.NextConnectionClosed:
                context.Abort();
                break;
            case RuntimeApiFault.NextBodyTruncated:
                var response = context.Response;
                response.ContentType = "application/json";
                response.ContentLength = 64;
                response.Headers["Lambda-Runtime-Aws-Request-Id"] = $"fault-{Guid.NewGuid()}";
                response.Headers["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                await response.Body.WriteAsync("{\"trunc"u8.ToArray()).ConfigureAwait(false);
                await response.Body.FlushAsync().ConfigureAwait(false);
                context.Abort();
                break;
            default:
                await RuntimeApiError.WriteAsync(context, StatusCodes.Status500InternalServerError, "Runtime.InjectedFault", "Injected container error.").ConfigureAwait(false);
                break;
        }
    }
}
