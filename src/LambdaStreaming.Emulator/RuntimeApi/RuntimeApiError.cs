using System.Text;
using LambdaStreaming.Emulator.Invocations;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.RuntimeApi;

/// <summary>Answers the function with a status and Lambda's JSON error document.</summary>
internal static class RuntimeApiError
{
    public static Task WriteAsync(HttpContext context, int statusCode, string errorType, string errorMessage)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes(ErrorDocument.Create(errorType, errorMessage));
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
