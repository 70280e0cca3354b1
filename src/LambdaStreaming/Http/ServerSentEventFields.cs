namespace LambdaStreaming.Http;

/// <summary>
/// Rules for the single-line SSE fields. An <c>event</c> or <c>id</c> containing CR or LF would end its line early
/// and let the rest of the string become a forged field or event; a NUL in an <c>id</c> makes parsers ignore it.
/// </summary>
internal static class ServerSentEventFields
{
    public static void ValidateEventType(string? eventType)
    {
        if (eventType is not null && eventType.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("An SSE event type must not contain CR or LF: they would let the value forge other fields or events.", nameof(eventType));
        }
    }

    public static void ValidateId(string? id)
    {
        if (id is not null && id.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            throw new ArgumentException("An SSE id must not contain CR, LF or NUL.", nameof(id));
        }
    }

    public static void ValidateRetry(TimeSpan? retry)
    {
        if (retry is { } value && (value < TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(retry), retry, "An SSE retry must be a non-negative number of milliseconds.");
        }
    }
}
