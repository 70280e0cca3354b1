using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LambdaStreaming.Emulator.RuntimeApi;

/// <summary>The request trailers of a streamed response, and the error they may carry.</summary>
/// <param name="All">Every trailer, case-insensitive; empty when there were none.</param>
/// <param name="ErrorType"><c>Lambda-Runtime-Function-Error-Type</c>, if present.</param>
/// <param name="ErrorBody"><c>Lambda-Runtime-Function-Error-Body</c> decoded from base64 (kept as sent if it is not base64).</param>
internal sealed record ErrorTrailers(IReadOnlyDictionary<string, string> All, string? ErrorType, string? ErrorBody)
{
    private const string ErrorTypeName = "Lambda-Runtime-Function-Error-Type";
    private const string ErrorBodyName = "Lambda-Runtime-Function-Error-Body";

    /// <summary>Reads the trailers; call only after the body was read to the end.</summary>
    public static ErrorTrailers Read(HttpContext context)
    {
        var feature = context.Features.Get<IHttpRequestTrailersFeature>();
        if (feature is not { Available: true } || feature.Trailers.Count == 0)
        {
            return new ErrorTrailers(new Dictionary<string, string>(), null, null);
        }

        var all = HeaderSnapshot.Of(feature.Trailers);
        var errorType = all.GetValueOrDefault(ErrorTypeName);
        var errorBody = all.GetValueOrDefault(ErrorBodyName) is { } encoded ? DecodeBase64(encoded) : null;
        return new ErrorTrailers(all, errorType, errorBody);
    }

    private static string DecodeBase64(string encoded)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return encoded;
        }
    }
}
