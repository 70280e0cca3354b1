#if NET9_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;
#endif

namespace LambdaStreaming.AspNetCore;

/// <summary>
/// Whether the app can fall back to Kestrel off Lambda. A Lambda publish turns it off (the package's targets set the
/// feature switch), so the trimmer drops Kestrel from the bootstrap: it is never used there.
/// </summary>
internal static class KestrelFallback
{
    public const string Switch = "LambdaStreaming.AspNetCore.KestrelSupport";

#if NET9_0_OR_GREATER
    [FeatureSwitchDefinition(Switch)]
#endif
    public static bool IsSupported => !AppContext.TryGetSwitch(Switch, out var enabled) || enabled;
}
