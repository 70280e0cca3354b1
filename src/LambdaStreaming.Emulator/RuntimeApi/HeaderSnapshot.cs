using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator.RuntimeApi;

/// <summary>Copies request headers (or trailers) into a plain case-insensitive dictionary for the ledger.</summary>
internal static class HeaderSnapshot
{
    public static IReadOnlyDictionary<string, string> Of(IHeaderDictionary headers)
    {
        var snapshot = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            snapshot[name] = values.ToString();
        }

        return snapshot;
    }
}
