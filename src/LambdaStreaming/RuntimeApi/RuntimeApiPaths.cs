namespace LambdaStreaming.RuntimeApi;

/// <summary>The Runtime API's request paths (API version 2018-06-01).</summary>
internal static class RuntimeApiPaths
{
    public static ReadOnlySpan<byte> Next => "/2018-06-01/runtime/invocation/next"u8;
    public static ReadOnlySpan<byte> InvocationPrefix => "/2018-06-01/runtime/invocation/"u8;
    public static ReadOnlySpan<byte> ResponseSuffix => "/response"u8;
    public static ReadOnlySpan<byte> ErrorSuffix => "/error"u8;
    public static ReadOnlySpan<byte> InitError => "/2018-06-01/runtime/init/error"u8;
}
