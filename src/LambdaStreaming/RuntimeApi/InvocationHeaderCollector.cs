using System.Buffers.Text;
using System.Text;
using LambdaStreaming.Transport;

namespace LambdaStreaming.RuntimeApi;

/// <summary>Picks the invocation headers out of a <c>next</c> reply as it is parsed; one instance per worker, reused.</summary>
internal sealed class InvocationHeaderCollector : IHttpHeaderHandler
{
    public string? RequestId { get; private set; }
    public long? DeadlineMs { get; private set; }
    public bool DeadlineInvalid { get; private set; }
    public string? InvokedFunctionArn { get; private set; }
    public string? TraceId { get; private set; }
    public string? ClientContext { get; private set; }
    public string? CognitoIdentity { get; private set; }
    public string? InvocationId { get; private set; }
    public string? TenantId { get; private set; }

    public void Reset()
    {
        RequestId = InvokedFunctionArn = TraceId = ClientContext = CognitoIdentity = InvocationId = TenantId = null;
        DeadlineMs = null;
        DeadlineInvalid = false;
    }

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (Ascii.EqualsIgnoreCase(name, RuntimeApiHeaders.RequestId))
        {
            RequestId = Decode(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, RuntimeApiHeaders.DeadlineMs))
        {
            // Any non-negative number of Unix milliseconds is a deadline: 0 or the past means already due, and a far
            // one (AWS's emulator sends ~10^9 s ahead in Managed Instances mode) is clamped when it is converted.
            if (Utf8Parser.TryParse(value, out long ms, out var consumed) && consumed == value.Length && ms >= 0)
            {
                DeadlineMs = ms;
            }
            else
            {
                DeadlineInvalid = true;
            }
        }
        else if (Ascii.EqualsIgnoreCase(name, RuntimeApiHeaders.InvokedFunctionArn))
        {
            InvokedFunctionArn = Decode(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, RuntimeApiHeaders.TraceId))
        {
            TraceId = Decode(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, RuntimeApiHeaders.ClientContext))
        {
            ClientContext = Decode(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, RuntimeApiHeaders.CognitoIdentity))
        {
            CognitoIdentity = Decode(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, RuntimeApiHeaders.InvocationId))
        {
            InvocationId = Decode(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, RuntimeApiHeaders.TenantId))
        {
            TenantId = Decode(value);
        }
    }

    // Header values are UTF-8 in practice (client context JSON may carry non-ASCII text).
    private static string Decode(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);
}
