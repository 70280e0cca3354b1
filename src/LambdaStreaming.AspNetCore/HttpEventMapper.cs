using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using LambdaStreaming.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace LambdaStreaming.AspNetCore;

/// <summary>
/// Reads a Function URL (payload 2.0) or REST (payload 1.0) event into a request's features: method, raw path and
/// stage, raw query string, headers, cookies, body, caller address and the claims of an authorised caller.
/// </summary>
internal static class HttpEventMapper
{
    /// <exception cref="LambdaEventMappingException">The event is not the shape <paramref name="source"/> sends, or is malformed.</exception>
    public static void Map(LambdaRequest request, LambdaEventSource source, InvocationFeatures features)
    {
        var expected = source == LambdaEventSource.FunctionUrl
            ? "a Function URL event (payload format 2.0)"
            : "an API Gateway REST proxy event (payload format 1.0)";
        string[] required = source == LambdaEventSource.FunctionUrl ? ["requestContext", "rawPath"] : ["requestContext", "httpMethod", "path"];
        var missing = MissingProperties(request.Payload.Span, required, expected);
        if (missing.Length > 0)
        {
            throw new LambdaEventMappingException($"The event is not {expected}, which LambdaEventSource.{source} expects: it has no {string.Join(" or ", missing)}. Check the event source given to AddLambdaStreamingHosting.");
        }

        try
        {
            if (source == LambdaEventSource.FunctionUrl)
            {
                MapFunctionUrl(request.Deserialize(HttpEventJsonContext.Default.FunctionUrlRequest), features);
            }
            else
            {
                MapRestApi(request.Deserialize(HttpEventJsonContext.Default.ApiGatewayProxyRequest), features);
            }
        }
        catch (JsonException ex)
        {
            throw new LambdaEventMappingException($"The event is not {expected}: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new LambdaEventMappingException($"The event ({expected}) says its body is base64, and it is not: {ex.Message}", ex);
        }
    }

    private static void MapFunctionUrl(FunctionUrlRequest e, InvocationFeatures features)
    {
        var http = e.RequestContext.Http;
        features.Method = http.Method;
        features.Protocol = string.IsNullOrEmpty(http.Protocol) ? "HTTP/1.1" : http.Protocol;
        features.PathBase = "";
        features.Path = PathString.FromUriComponent(string.IsNullOrEmpty(e.RawPath) ? "/" : e.RawPath).Value!;
        features.QueryString = e.RawQueryString.Length == 0 ? "" : "?" + e.RawQueryString;
        features.RawTarget = (string.IsNullOrEmpty(e.RawPath) ? "/" : e.RawPath) + features.QueryString;
        var headers = features.RequestHeaders;
        foreach (var (name, value) in e.Headers ?? new Dictionary<string, string>())
        {
            headers[name] = value;
        }
        if (e.Cookies is { Count: > 0 } cookies)
        {
            // Payload 2.0 moves the Cookie header into this array; the app reads it from the header as usual.
            headers.Cookie = string.Join("; ", cookies);
        }
        features.SetRequestBody(e.GetBodyBytes());
        features.RemoteIpAddress = ParseAddress(http.SourceIp);
        if (e.RequestContext.Authorizer?.Iam is { } iam)
        {
            var claims = new List<Claim>();
            Add(claims, ClaimTypes.NameIdentifier, iam.UserArn);
            Add(claims, ClaimTypes.Name, iam.UserArn);
            Add(claims, LambdaClaimTypes.UserArn, iam.UserArn);
            Add(claims, LambdaClaimTypes.UserId, iam.UserId);
            Add(claims, LambdaClaimTypes.AccountId, iam.AccountId);
            Add(claims, LambdaClaimTypes.CallerId, iam.CallerId);
            Add(claims, LambdaClaimTypes.AccessKey, iam.AccessKey);
            features.User = new ClaimsPrincipal(new ClaimsIdentity(claims, LambdaClaimTypes.IamAuthenticationType));
        }
    }

    private static void MapRestApi(ApiGatewayProxyRequest e, InvocationFeatures features)
    {
        var context = e.RequestContext;
        features.Method = e.HttpMethod;
        features.Protocol = string.IsNullOrEmpty(context.Protocol) ? "HTTP/1.1" : context.Protocol;
        var path = string.IsNullOrEmpty(e.Path) ? "/" : e.Path;
        // requestContext.path carries the stage (/prod/hello) unless a custom domain maps it away: that prefix is the PathBase.
        var full = context.Path;
        features.PathBase = full is not null && full.Length > path.Length && full.EndsWith(path, StringComparison.Ordinal) ? full[..^path.Length] : "";
        features.Path = path;
        var query = QueryString.Empty;
        if (e.MultiValueQueryStringParameters is { Count: > 0 } multiQuery)
        {
            query = QueryString.Create(multiQuery.Select(p => KeyValuePair.Create(p.Key, new StringValues([.. p.Value]))));
        }
        else if (e.QueryStringParameters is { Count: > 0 } singleQuery)
        {
            query = QueryString.Create(singleQuery!);
        }
        features.QueryString = query.Value ?? "";
        features.RawTarget = features.PathBase + Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal) + features.QueryString;
        var headers = features.RequestHeaders;
        if (e.MultiValueHeaders is { Count: > 0 } multi)
        {
            foreach (var (name, values) in multi)
            {
                headers[name] = new StringValues([.. values]);
            }
        }
        else
        {
            foreach (var (name, value) in e.Headers ?? new Dictionary<string, string>())
            {
                headers[name] = value;
            }
        }
        features.SetRequestBody(e.GetBodyBytes());
        features.RemoteIpAddress = ParseAddress(context.Identity.SourceIp);
        features.User = RestPrincipal(context);
    }

    private static ClaimsPrincipal? RestPrincipal(ApiGatewayRequestContext context)
    {
        if (context.Authorizer is { Count: > 0 } authorizer)
        {
            var claims = new List<Claim>();
            foreach (var (key, value) in authorizer)
            {
                if (key == "claims" && value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var claim in value.EnumerateObject())
                    {
                        Add(claims, claim.Name, Scalar(claim.Value));
                    }
                }
                else
                {
                    Add(claims, key, Scalar(value));
                }
            }
            if (authorizer.TryGetValue(LambdaClaimTypes.PrincipalId, out var principal) && principal.ValueKind == JsonValueKind.String)
            {
                Add(claims, ClaimTypes.NameIdentifier, principal.GetString());
            }
            return new ClaimsPrincipal(new ClaimsIdentity(claims, LambdaClaimTypes.AuthorizerAuthenticationType));
        }
        if (context.Identity.UserArn is { Length: > 0 } arn)
        {
            var claims = new List<Claim>();
            Add(claims, ClaimTypes.NameIdentifier, arn);
            Add(claims, ClaimTypes.Name, arn);
            Add(claims, LambdaClaimTypes.UserArn, arn);
            Add(claims, LambdaClaimTypes.AccountId, context.Identity.AccountId);
            return new ClaimsPrincipal(new ClaimsIdentity(claims, LambdaClaimTypes.IamAuthenticationType));
        }
        return null;
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static void Add(List<Claim> claims, string type, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims.Add(new Claim(type, value));
        }
    }

    private static IPAddress? ParseAddress(string? address) => IPAddress.TryParse(address, out var parsed) ? parsed : null;

    private static string[] MissingProperties(ReadOnlySpan<byte> json, string[] required, string expected)
    {
        var found = new bool[required.Length];
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new LambdaEventMappingException($"The event is not {expected}: it is not a JSON object.");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Case-insensitive, as the event deserialiser reads names.
                var name = reader.GetString();
                for (var i = 0; i < required.Length; i++)
                {
                    found[i] |= string.Equals(name, required[i], StringComparison.OrdinalIgnoreCase);
                }
                reader.Skip();
            }
        }
        catch (JsonException ex)
        {
            throw new LambdaEventMappingException($"The event is not {expected}: it is not valid JSON ({ex.Message}).", ex);
        }
        return [.. required.Where((_, i) => !found[i])];
    }
}
