using System.Text.Json;
using LambdaStreaming.Emulator.RuntimeApi;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.Extensions;

/// <summary>
/// <c>POST /2020-01-01/extension/register</c>: <c>Lambda-Extension-Name</c> and <c>{"events":[...]}</c> in,
/// <c>Lambda-Extension-Identifier</c> out. Allowed only during init, before the runtime's first <c>next</c>.
/// </summary>
internal sealed class RegisterHandler(ExtensionRegistry registry, EmulatorLog log, string functionName, string handler)
{
    public async Task HandleAsync(HttpContext context)
    {
        var name = context.Request.Headers["Lambda-Extension-Name"].ToString();
        if (name.Length == 0)
        {
            await RuntimeApiError.WriteAsync(context, StatusCodes.Status400BadRequest, "InvalidRequest", "Lambda-Extension-Name is missing.").ConfigureAwait(false);
            return;
        }

        var body = await LimitedBody.ReadAsync(context.Request, 64 * 1024, null, context.RequestAborted).ConfigureAwait(false);
        if (ParseEvents(body) is not { } events)
        {
            await RuntimeApiError.WriteAsync(
                context, StatusCodes.Status400BadRequest, "InvalidRequest", """The body must be {"events": [...]} with INVOKE and/or SHUTDOWN.""").ConfigureAwait(false);
            return;
        }

        if (registry.TryRegister(name, events.Contains("SHUTDOWN")) is not { } extension)
        {
            await RuntimeApiError.WriteAsync(
                context, StatusCodes.Status403Forbidden, "Extension.RegistrationForbidden", "Extensions register during init, before the runtime's first next.").ConfigureAwait(false);
            return;
        }

        log.Write($"extension registered: {name} events=[{string.Join(',', events)}] ({(extension.WantsShutdown ? "external" : "internal")})");
        using var reply = new MemoryStream();
        using (var json = new Utf8JsonWriter(reply))
        {
            json.WriteStartObject();
            json.WriteString("functionName", functionName);
            json.WriteString("functionVersion", "$LATEST");
            json.WriteString("handler", handler);
            json.WriteEndObject();
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers["Lambda-Extension-Identifier"] = extension.Identifier;
        response.ContentLength = reply.Length;
        await response.Body.WriteAsync(reply.GetBuffer().AsMemory(0, (int)reply.Length)).ConfigureAwait(false);
    }

    private static List<string>? ParseEvents(byte[]? body)
    {
        if (body is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("events", out var events)
                || events.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var names = new List<string>();
            foreach (var item in events.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not ("INVOKE" or "SHUTDOWN"))
                {
                    return null;
                }

                names.Add(item.GetString()!);
            }

            return names;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
