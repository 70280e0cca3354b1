namespace LambdaStreaming.Tests.Support;

/// <summary>
/// One publish or pack at a time across the test run: they all build src/LambdaStreaming, and two builds writing
/// the same output folders at once trip over each other.
/// </summary>
internal static class PublishLock
{
    public static readonly SemaphoreSlim Gate = new(1, 1);
}
