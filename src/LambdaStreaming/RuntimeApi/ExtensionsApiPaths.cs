namespace LambdaStreaming.RuntimeApi;

/// <summary>The Extensions API's request paths (API version 2020-01-01).</summary>
internal static class ExtensionsApiPaths
{
    public static ReadOnlySpan<byte> Register => "/2020-01-01/extension/register"u8;
    public static ReadOnlySpan<byte> EventNext => "/2020-01-01/extension/event/next"u8;
}
