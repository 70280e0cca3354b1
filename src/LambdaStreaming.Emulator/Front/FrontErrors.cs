using System.Text;
using System.Text.Json;

namespace LambdaStreaming.Emulator.Front;

/// <summary>What each front answers when the function fails or answers in a shape the front can't use.</summary>
internal static class FrontErrors
{
    /// <summary>The body of the 502 a front sends when the function failed; the error itself stays in the logs.</summary>
    public static byte[] FunctionFailed(FrontKind front) =>
        front == FrontKind.RestApi ? """{"message": "Internal server error"}"""u8.ToArray() : """{"Message":"Internal Server Error"}"""u8.ToArray();

    /// <summary>The body of the 502 for a response the front cannot read, with the reason (the emulator says why).</summary>
    public static byte[] Malformed(string what, string reason) =>
        Encoding.UTF8.GetBytes($$"""{"message":"Malformed {{what}}: {{JsonEncodedText.Encode(reason)}}"}""");
}
