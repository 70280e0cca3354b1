using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.RuntimeApi;

/// <summary>The Runtime API's answer to a report it took: 202 <c>{"status":"OK"}</c>.</summary>
internal static class Accepted
{
    private static readonly byte[] Body = "{\"status\":\"OK\"}"u8.ToArray();

    public static Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status202Accepted;
        response.ContentType = "application/json";
        response.ContentLength = Body.Length;
        return response.Body.WriteAsync(Body).AsTask();
    }
}
