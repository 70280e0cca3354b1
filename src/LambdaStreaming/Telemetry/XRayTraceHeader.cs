using System.Buffers;
using System.Diagnostics;

namespace LambdaStreaming.Telemetry;

/// <summary>
/// Reads the X-Ray trace header (<c>Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1</c>) as
/// a W3C context: the trace id is the root's 8 hex digits of epoch seconds followed by its 24 random ones, the span id
/// is <c>Parent</c>. Keys other than these three (<c>Lineage</c>, <c>Self</c>, ...) are ignored.
/// </summary>
internal static class XRayTraceHeader
{
    /// <summary>What a header says about the invocation's parent.</summary>
    public enum Result
    {
        /// <summary>A sampled parent: <c>context</c> holds it.</summary>
        Parent,

        /// <summary>Well formed, but not sampled (<c>Sampled=0</c> or no <c>Sampled</c>): tracing is off for the invocation.</summary>
        NotSampled,

        /// <summary>Sampled, but without a <c>Parent</c> to hang the span on.</summary>
        NoParent,

        /// <summary>No header.</summary>
        Missing,

        /// <summary>Not an X-Ray header: a key without a value, a root or parent of the wrong shape.</summary>
        Malformed,
    }

    public static Result TryParse(string? header, out ActivityContext context)
    {
        context = default;
        if (string.IsNullOrWhiteSpace(header))
        {
            return Result.Missing;
        }
        ReadOnlySpan<char> root = default, parent = default;
        var sampled = false;
        var rest = header.AsSpan();
        while (!rest.IsEmpty)
        {
            var semicolon = rest.IndexOf(';');
            var field = (semicolon < 0 ? rest : rest[..semicolon]).Trim();
            rest = semicolon < 0 ? default : rest[(semicolon + 1)..];
            if (field.IsEmpty)
            {
                continue;
            }
            var equals = field.IndexOf('=');
            if (equals <= 0)
            {
                return Result.Malformed;
            }
            var key = field[..equals].Trim();
            var value = field[(equals + 1)..].Trim();
            if (key.SequenceEqual("Root"))
            {
                root = value;
            }
            else if (key.SequenceEqual("Parent"))
            {
                parent = value;
            }
            else if (key.SequenceEqual("Sampled"))
            {
                sampled = value.SequenceEqual("1");
            }
        }

        // Root=1-{8 hex}-{24 hex}: 35 characters.
        if (root.Length != 35 || root[0] != '1' || root[1] != '-' || root[10] != '-' || !IsLowerOrUpperHex(root[2..10]) || !IsLowerOrUpperHex(root[11..]))
        {
            return Result.Malformed;
        }
        if (!parent.IsEmpty && (parent.Length != 16 || !IsLowerOrUpperHex(parent)))
        {
            return Result.Malformed;
        }
        if (!sampled)
        {
            return Result.NotSampled;
        }
        if (parent.IsEmpty)
        {
            return Result.NoParent;
        }

        Span<char> traceId = stackalloc char[32];
        root[2..10].ToLowerInvariant(traceId);
        root[11..].ToLowerInvariant(traceId[8..]);
        Span<char> spanId = stackalloc char[16];
        parent.ToLowerInvariant(spanId);
        if (traceId.IndexOfAnyExcept('0') < 0 || spanId.IndexOfAnyExcept('0') < 0)
        {
            // All zeros is W3C's invalid id.
            return Result.Malformed;
        }
        context = new ActivityContext(ActivityTraceId.CreateFromString(traceId), ActivitySpanId.CreateFromString(spanId), ActivityTraceFlags.Recorded, isRemote: true);
        return Result.Parent;
    }

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private static bool IsLowerOrUpperHex(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(HexDigits);
}
