using System.Text.Json;
using LambdaStreaming.Emulator.RuntimeApi;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.Extensions;

/// <summary>
/// <c>GET /2020-01-01/extension/event/next</c>: an extension's long poll. It is answered with a <c>SHUTDOWN</c> event
/// when the environment shuts down, for an extension that subscribed to it; <c>INVOKE</c> events are not sent.
/// </summary>
internal sealed class EventNextHandler(ExtensionRegistry registry)
{
    public async Task HandleAsync(HttpContext context)
    {
        var identifier = context.Request.Headers["Lambda-Extension-Identifier"].ToString();
        if (registry.Find(identifier) is not { } extension)
        {
            await RuntimeApiError.WriteAsync(
                context, StatusCodes.Status403Forbidden, "Extension.UnknownExtensionIdentifier", "Lambda-Extension-Identifier is missing or unknown.").ConfigureAwait(false);
            return;
        }

        var shutdown = registry.Shutdown;
        string reason;
        try
        {
            // Not ended by the emulator's own stopping: its shutdown is what this poll waits to report.
            reason = await shutdown.WaitAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return;
        }

        if (!extension.WantsShutdown)
        {
            // Nothing to tell it; its process is about to end.
            context.Abort();
            return;
        }

        using var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("eventType", "SHUTDOWN");
            json.WriteString("shutdownReason", reason);
            json.WriteNumber("deadlineMs", (DateTimeOffset.UtcNow + ExtensionRegistry.ExternalGrace).ToUnixTimeMilliseconds());
            json.WriteEndObject();
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers["Lambda-Extension-Event-Identifier"] = Guid.NewGuid().ToString();
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length)).ConfigureAwait(false);
    }
}
