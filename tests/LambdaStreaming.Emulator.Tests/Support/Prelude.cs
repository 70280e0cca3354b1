using System.Text;

namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>Builds what a function sends to start an HTTP response: the JSON prelude and the 8-NUL delimiter.</summary>
internal static class Prelude
{
    public const string ContentType = "application/vnd.awslambda.http-integration-response";

    public static string Of(string json) => json + new string('\0', 8);

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(Of(json));
}
