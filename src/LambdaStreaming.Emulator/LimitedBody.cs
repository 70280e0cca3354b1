using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace LambdaStreaming.Emulator;

/// <summary>Reads a whole request body, refusing it as soon as it is known to exceed a limit.</summary>
internal static class LimitedBody
{
    /// <summary>
    /// The body, or null when it is larger than <paramref name="limit"/>. <paramref name="onData"/> sees every piece
    /// as it arrives (used to time the first byte).
    /// </summary>
    public static async Task<byte[]?> ReadAsync(
        HttpRequest request, long limit, Action<ReadOnlySequence<byte>>? onData, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var body = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (body.WrittenCount + buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.End);
                return null;
            }

            onData?.Invoke(buffer);
            foreach (var segment in buffer)
            {
                body.Write(segment.Span);
            }

            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                return body.WrittenSpan.ToArray();
            }
        }
    }
}
