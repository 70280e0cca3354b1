namespace LambdaStreaming.AspNetCore;

/// <summary>An event the host cannot turn into a request: another event source's shape, or a malformed one.</summary>
internal sealed class LambdaEventMappingException(string message, Exception? inner = null) : Exception(message, inner);
