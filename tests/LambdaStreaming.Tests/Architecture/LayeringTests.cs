using System.Text.RegularExpressions;

namespace LambdaStreaming.Tests.Architecture;

/// <summary>
/// The folders of <c>src/LambdaStreaming</c> are layers (docs/architecture.md): each may use the types of the folders
/// below it and never one above. Every file holds one type named after it, so a folder's types are its file names;
/// a file uses a type when its name appears in its code (not as a member: after a dot, or where a member is declared
/// or assigned) or in a <c>cref</c> of its documentation.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>Bottom to top.</summary>
    private static readonly string[] Layers = ["Transport", "RuntimeApi", "Logging", "Telemetry", "InvocationLoop", "Context", "Handlers", "Http", "Runtime"];

    [Fact]
    public void Every_folder_is_a_known_layer()
    {
        var folders = Directory.GetDirectories(SourceRoot)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj" or "PublicAPI" or "buildTransitive") && Directory.EnumerateFiles(Path.Combine(SourceRoot, name!), "*.cs", SearchOption.AllDirectories).Any())
            .Order();

        Assert.Equal(Layers.Order(), folders);
    }

    [Fact]
    public void No_folder_uses_a_type_of_a_folder_above_it()
    {
        var owner = Layers
            .SelectMany((layer, level) => FilesOf(layer).Select(file => (Type: Path.GetFileNameWithoutExtension(file), level)))
            .ToDictionary(t => t.Type, t => t.level);

        var violations = new List<string>();
        for (var level = 0; level < Layers.Length; level++)
        {
            foreach (var file in FilesOf(Layers[level]))
            {
                foreach (var used in TypesUsedIn(File.ReadAllText(file)))
                {
                    if (owner.TryGetValue(used, out var usedLevel) && usedLevel > level)
                    {
                        violations.Add($"{Path.GetRelativePath(SourceRoot, file)} uses {used} ({Layers[usedLevel]})");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations.Distinct()));
    }

    [Fact]
    public void The_check_sees_a_use_in_code_and_in_a_cref_but_not_in_prose_or_strings()
    {
        const string code = """
            /// <summary>Not the ResponseStream itself; see <see cref="LambdaContext"/>.</summary>
            // A ServerSentEventWriter is mentioned here only.
            var text = "HttpResult in a string";
            IResponseControl control = null!;
            public string? ClientContext { get; set; }
            ClientContextJson = _headers.CognitoIdentity;
            """;

        var used = TypesUsedIn(code).ToHashSet();

        Assert.Contains("IResponseControl", used);
        Assert.Contains("LambdaContext", used);
        Assert.DoesNotContain("ResponseStream", used);
        Assert.DoesNotContain("ServerSentEventWriter", used);
        Assert.DoesNotContain("HttpResult", used);
        Assert.DoesNotContain("ClientContext", used);
        Assert.DoesNotContain("CognitoIdentity", used);
    }

    private static IEnumerable<string> TypesUsedIn(string source)
    {
        var crefs = Cref().Matches(source).Select(m => m.Groups[1].Value);
        var code = Comment().Replace(StringLiteral().Replace(source, "\"\""), "");
        return Identifier().Matches(string.Join(" ", crefs) + " " + code).Select(m => m.Groups[1].Value).Distinct();
    }

    private static IEnumerable<string> FilesOf(string layer) =>
        Directory.EnumerateFiles(Path.Combine(SourceRoot, layer), "*.cs", SearchOption.AllDirectories);

    private static string SourceRoot { get; } = FindSourceRoot();

    private static string FindSourceRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LambdaStreaming.sln")))
            {
                return Path.Combine(directory.FullName, "src", "LambdaStreaming");
            }
        }
        throw new InvalidOperationException("LambdaStreaming.sln not found above the test's output folder.");
    }

    [GeneratedRegex("cref=\"([^\"]+)\"")]
    private static partial Regex Cref();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    // Not after a dot (a member access) nor before "{", "=>", "=" or ";" (a member's declaration or assignment).
    [GeneratedRegex(@"(?<![.\w])([A-Za-z_]\w*)\b(?!\s*(?:\{|=>|=(?!=)|;))")]
    private static partial Regex Identifier();
}
