namespace AspNetCoreApp;

/// <summary>What the app saw of a request, sent back for the tests to compare across hosts.</summary>
internal sealed record RequestFacts(string Method, string Scheme, string PathBase, string Path, string QueryString, string? RemoteAddress, string TraceIdentifier, string? LambdaRequestId, bool IsAuthenticated, string? AuthenticationType, Dictionary<string, string> Claims);
