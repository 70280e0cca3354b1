namespace LambdaStreaming;

/// <summary>A response exceeded Lambda's size limit (6 MiB buffered, 200 MiB streamed, or the configured maximum).</summary>
public sealed class ResponseTooLargeException(long bytes, long limit, bool streaming)
    : Exception($"The {(streaming ? "streamed" : "buffered")} response reached {bytes} bytes, over the limit of {limit} bytes.")
{
    /// <summary>The error type reported to Lambda.</summary>
    public const string ErrorType = "Function.ResponseSizeTooLarge";

    /// <summary>How many bytes the response had reached.</summary>
    public long Bytes { get; } = bytes;

    /// <summary>The limit that was crossed.</summary>
    public long Limit { get; } = limit;
}
