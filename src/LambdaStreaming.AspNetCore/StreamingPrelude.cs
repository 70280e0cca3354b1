using LambdaStreaming.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LambdaStreaming.AspNetCore;

/// <summary>The HTTP-integration prelude of a streamed response, from ASP.NET Core's status and headers.</summary>
internal static class StreamingPrelude
{
    public static HttpResponsePrelude From(LambdaEventSource source, int statusCode, IHeaderDictionary headers)
    {
        var prelude = new HttpResponsePrelude { StatusCode = statusCode };
        foreach (var (name, values) in headers)
        {
            // The front frames the body itself: a length or transfer coding from the app would describe another framing.
            if (IsFraming(name))
            {
                continue;
            }
            if (source == LambdaEventSource.FunctionUrl && name.Equals(HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var cookie in values)
                {
                    prelude.Cookies.Add(cookie!);
                }
            }
            else if (values.Count == 1 || source == LambdaEventSource.FunctionUrl)
            {
                prelude.Headers[name] = values.ToString();
            }
            else
            {
                prelude.MultiValueHeaders[name] = [.. values!];
            }
        }
        return prelude;
    }

    public static bool IsFraming(string name) =>
        name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase);
}
