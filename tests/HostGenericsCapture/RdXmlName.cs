/// <summary>
/// Between the names dependency injection's events use (<c>Type.ToString()</c>: <c>A`1[B]</c>) and the types they name,
/// and from a type to the name rd.xml takes (<c>A`1[[B,AssemblyOfB]]</c>).
/// </summary>
internal static class RdXmlName
{
    /// <summary>The type a <c>ToString()</c> name stands for, among the assemblies loaded now; null if none is.</summary>
    public static Type? Resolve(string name)
    {
        var open = name.IndexOf('[');
        if (open < 0)
        {
            return FindLoaded(name);
        }
        var definition = FindLoaded(name[..open]);
        var arguments = SplitArguments(name[(open + 1)..^1]).Select(Resolve).ToArray();
        return definition is null || arguments.Any(argument => argument is null) ? null : definition.MakeGenericType(arguments!);
    }

    /// <summary>The type's name as an rd.xml <c>Type</c> element takes it inside its assembly's element.</summary>
    public static string Of(Type type) => type.IsGenericType
        ? $"{type.GetGenericTypeDefinition().FullName}[{string.Join(",", type.GetGenericArguments().Select(argument => $"[{Of(argument)},{argument.Assembly.GetName().Name}]"))}]"
        : type.FullName!;

    private static Type? FindLoaded(string fullName) => AppDomain.CurrentDomain.GetAssemblies()
        .Select(assembly => assembly.GetType(fullName, throwOnError: false))
        .FirstOrDefault(type => type is not null);

    private static IEnumerable<string> SplitArguments(string arguments)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < arguments.Length; i++)
        {
            switch (arguments[i])
            {
                case '[': depth++; break;
                case ']': depth--; break;
                case ',' when depth == 0:
                    yield return arguments[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return arguments[start..];
    }
}
