using System.Text.Json;

namespace LambdaStreaming.Emulator.Invocations;

/// <summary>Lambda's error document, <c>{"errorMessage":"...","errorType":"..."}</c>.</summary>
internal static class ErrorDocument
{
    public static string Create(string errorType, string errorMessage)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorMessage", errorMessage);
            json.WriteString("errorType", errorType);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
