using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpServer;

/// <summary>
/// Answers a POST whose body is not JSON at all with JSON-RPC's <c>-32700</c> (Parse error). The SDK (2.4.0) answers
/// such a body, as it answers JSON that is not a JSON-RPC message, with <c>-32600</c> (Invalid Request) and HTTP 400;
/// JSON-RPC 2.0 keeps <c>-32600</c> for the second case only. Everything else goes on to the SDK untouched.
/// </summary>
internal static class JsonRpcParseErrors
{
    // The SDK's own contract for the protocol's messages (source-generated: no reflection under Native AOT).
    private static readonly JsonTypeInfo<JsonRpcMessage> MessageTypeInfo = (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await next(context);
            return;
        }

        // The body is read twice, here and by the SDK. On Lambda it is already whole in memory (the event carries it);
        // on Kestrel this buffers it (in memory up to 30 KB, then to a temporary file).
        context.Request.EnableBuffering();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        context.Request.Body.Position = 0;

        if (ParseError(body.GetBuffer().AsSpan(0, (int)body.Length)) is not { } message)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json; charset=utf-8";
        JsonRpcMessage error = new JsonRpcError
        {
            Id = default,
            Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.ParseError, Message = $"Parse error: {message}" },
        };
        await JsonSerializer.SerializeAsync(context.Response.Body, error, MessageTypeInfo, context.RequestAborted);
    }

    /// <summary>Why <paramref name="utf8"/> is not one well-formed JSON value, or null when it is.</summary>
    private static string? ParseError(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read())
            {
                return "the body is empty.";
            }

            reader.Skip();
            // Past the one value: false at the end, a JsonException for anything after it.
            reader.Read();
            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }
}
