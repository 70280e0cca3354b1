namespace LambdaStreaming.Emulator;

/// <summary>Payload limits of the Lambda service, as the emulator enforces them.</summary>
internal static class LambdaLimits
{
    /// <summary>A buffered response, and an invoke request's event: 6 MiB.</summary>
    public const long BufferedPayloadBytes = 6 * 1024 * 1024;

    /// <summary>A streamed response: 200 MiB.</summary>
    public const long StreamedResponseBytes = 200 * 1024 * 1024;
}
