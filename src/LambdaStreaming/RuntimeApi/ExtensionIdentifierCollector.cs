using System.Text;
using LambdaStreaming.Transport;

namespace LambdaStreaming.RuntimeApi;

/// <summary>Picks <c>Lambda-Extension-Identifier</c> out of the register reply as it is parsed.</summary>
internal sealed class ExtensionIdentifierCollector : IHttpHeaderHandler
{
    public string? Identifier { get; private set; }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (Ascii.EqualsIgnoreCase(name, ExtensionsApiHeaders.Identifier) && !value.IsEmpty)
        {
            Identifier = Encoding.ASCII.GetString(value);
        }
    }
}
