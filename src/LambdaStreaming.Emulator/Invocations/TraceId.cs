using System.Security.Cryptography;

namespace LambdaStreaming.Emulator.Invocations;

/// <summary>X-Ray trace header values in the shape Lambda sends in <c>Lambda-Runtime-Trace-Id</c>.</summary>
internal static class TraceId
{
    /// <summary><c>Root=1-{epoch seconds, 8 hex}-{24 hex};Parent={16 hex};Sampled=0</c> (<c>1</c> when <paramref name="sampled"/>).</summary>
    public static string New(bool sampled)
    {
        var epochSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"Root=1-{epochSeconds:x8}-{RandomHex(12)};Parent={RandomHex(8)};Sampled={(sampled ? 1 : 0)}";
    }

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
