using System.Reflection;

namespace AspNetCoreSse;

/// <summary>The page served at <c>GET /</c> (index.html, embedded in the binary).</summary>
internal static class Page
{
    public static readonly string Html = Read();

    private static string Read()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("index.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
