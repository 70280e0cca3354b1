using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.Invocations;

/// <summary>Logs an invoker that goes away before its invocation ends: the function runs on regardless, as on Lambda.</summary>
internal static class ClientDisconnect
{
    /// <summary>Watches <paramref name="context"/> until the returned registration is disposed.</summary>
    public static CancellationTokenRegistration Log(HttpContext context, Invocation invocation, EmulatorLog log) =>
        context.RequestAborted.Register(() =>
        {
            if (!invocation.IsFinished)
            {
                log.Write($"the client of invocation {invocation.RequestId} disconnected; the function runs on to its end, as on Lambda");
            }
        });
}
