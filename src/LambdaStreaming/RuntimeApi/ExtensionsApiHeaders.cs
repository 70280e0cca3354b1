namespace LambdaStreaming.RuntimeApi;

/// <summary>Header names of the Extensions API, as the bytes that go on the wire.</summary>
internal static class ExtensionsApiHeaders
{
    /// <summary>Names the extension being registered.</summary>
    public static ReadOnlySpan<byte> Name => "Lambda-Extension-Name"u8;

    /// <summary>The identifier the register reply hands out, sent back on every later call.</summary>
    public static ReadOnlySpan<byte> Identifier => "Lambda-Extension-Identifier"u8;
}
