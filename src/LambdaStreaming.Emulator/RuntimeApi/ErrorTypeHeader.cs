using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.RuntimeApi;

/// <summary>The <c>Lambda-Runtime-Function-Error-Type</c> header of <c>/error</c> and <c>/init/error</c>.</summary>
internal static partial class ErrorTypeHeader
{
    /// <summary>The header's value, kept as sent; a type Lambda would not keep is worth a warning.</summary>
    public static string? Read(HttpRequest request, EmulatorLog log)
    {
        string? errorType = request.Headers["Lambda-Runtime-Function-Error-Type"];
        if (errorType is not null && !LambdaErrorType().IsMatch(errorType))
        {
            log.Write($"note: Lambda records error type '{errorType}' as Runtime.Unknown (expected (Runtime|Function).Name)");
        }

        return errorType;
    }

    [GeneratedRegex(@"^(Runtime|Function)\.[A-Z][a-zA-Z]+$")]
    private static partial Regex LambdaErrorType();
}
