namespace LambdaStreaming.RuntimeApi;

/// <summary>Header names of the Lambda Runtime API, as the bytes that go on the wire.</summary>
internal static class RuntimeApiHeaders
{
    public static ReadOnlySpan<byte> RequestId => "Lambda-Runtime-Aws-Request-Id"u8;
    public static ReadOnlySpan<byte> DeadlineMs => "Lambda-Runtime-Deadline-Ms"u8;
    public static ReadOnlySpan<byte> InvokedFunctionArn => "Lambda-Runtime-Invoked-Function-Arn"u8;
    public static ReadOnlySpan<byte> TraceId => "Lambda-Runtime-Trace-Id"u8;
    public static ReadOnlySpan<byte> ClientContext => "Lambda-Runtime-Client-Context"u8;
    public static ReadOnlySpan<byte> CognitoIdentity => "Lambda-Runtime-Cognito-Identity"u8;
    public static ReadOnlySpan<byte> InvocationId => "Lambda-Runtime-Invocation-Id"u8;
    public static ReadOnlySpan<byte> TenantId => "Lambda-Runtime-Aws-Tenant-Id"u8;
    public static ReadOnlySpan<byte> ResponseMode => "Lambda-Runtime-Function-Response-Mode"u8;
    public static ReadOnlySpan<byte> Host => "Host"u8;
    public static ReadOnlySpan<byte> ContentType => "Content-Type"u8;
    public static ReadOnlySpan<byte> ContentLength => "Content-Length"u8;
    public static ReadOnlySpan<byte> TransferEncoding => "Transfer-Encoding"u8;
    public static ReadOnlySpan<byte> Trailer => "Trailer"u8;

    public static ReadOnlySpan<byte> Connection => "Connection"u8;

    /// <summary>Names the error type of an <c>/error</c> report, and the trailer of a failed stream.</summary>
    public const string FunctionErrorType = "Lambda-Runtime-Function-Error-Type";

    /// <summary>The trailer carrying the base64 error document of a stream that failed after its first byte.</summary>
    public const string FunctionErrorBody = "Lambda-Runtime-Function-Error-Body";
}
