namespace LambdaStreaming.Telemetry;

/// <summary>
/// The names the runtime's telemetry uses: OpenTelemetry's FaaS semantic conventions where they have one, the
/// <c>lambdastreaming.</c> prefix for the streaming figures they do not. Durations are in seconds, sizes in bytes.
/// </summary>
public static class LambdaTelemetryNames
{
    /// <summary>Span: the invocation's request id (<c>Lambda-Runtime-Aws-Request-Id</c>).</summary>
    public const string FaasInvocationId = "faas.invocation_id";

    /// <summary>Span: true for the first invocation the process serves.</summary>
    public const string FaasColdStart = "faas.coldstart";

    /// <summary>Span and metrics: <c>http</c> for a Function URL, API Gateway or ALB event, <c>other</c> for any other.</summary>
    public const string FaasTrigger = "faas.trigger";

    /// <summary>Span: the function's ARN, qualified with the version that ran when it was invoked through an alias or version.</summary>
    public const string CloudResourceId = "cloud.resource_id";

    /// <summary>Span: the account of the function's ARN.</summary>
    public const string CloudAccountId = "cloud.account.id";

    /// <summary>Span and <see cref="Invocations"/>: how the invocation ended (<see cref="OutcomeResponse"/>, <see cref="OutcomeStream"/>, <see cref="OutcomeErrorTrailers"/>, <see cref="OutcomeError"/>, <see cref="OutcomeTimeout"/>).</summary>
    public const string Outcome = "lambdastreaming.outcome";

    /// <summary>Span: the exception's type name for a failed invocation, <c>timeout</c> for one that reached its deadline.</summary>
    public const string ErrorType = "error.type";

    /// <summary>Span: <c>streaming</c> or <c>buffered</c>.</summary>
    public const string ResponseMode = "lambdastreaming.response.mode";

    /// <summary>Span: body bytes sent (for an HTTP response, the prelude Lambda reads its status and headers from included).</summary>
    public const string ResponseBytes = "lambdastreaming.response.bytes";

    /// <summary>Span: chunks sent (one per flush that carried bytes, one for what was left at the end).</summary>
    public const string ResponseChunks = "lambdastreaming.response.chunks";

    /// <summary>Span event: the first byte of the response was sent; its timestamp is when.</summary>
    public const string FirstByteEvent = "lambdastreaming.first_byte";

    /// <summary>Outcome: a whole (buffered) response.</summary>
    public const string OutcomeResponse = "response";

    /// <summary>Outcome: a streamed response, ended cleanly.</summary>
    public const string OutcomeStream = "stream";

    /// <summary>Outcome: a streamed response that failed after bytes were sent, ended with Lambda's error trailers.</summary>
    public const string OutcomeErrorTrailers = "error_trailers";

    /// <summary>Outcome: a failure before any byte was sent, reported to <c>/error</c>.</summary>
    public const string OutcomeError = "error";

    /// <summary>Outcome: the invocation's deadline token fired before it ended (its span ends then).</summary>
    public const string OutcomeTimeout = "timeout";

    /// <summary>Histogram (s): from the handler's start to the outcome reported.</summary>
    public const string InvokeDuration = "faas.invoke_duration";

    /// <summary>Histogram (s), once per process: from the runtime's start to its first poll, the function's initialisation included.</summary>
    public const string InitDuration = "faas.init_duration";

    /// <summary>Counter: cold starts (the first invocation of each process).</summary>
    public const string ColdStarts = "faas.coldstarts";

    /// <summary>Counter: invocations that ended with a response (<see cref="OutcomeResponse"/> or <see cref="OutcomeStream"/>).</summary>
    public const string SuccessfulInvocations = "faas.invocations";

    /// <summary>Counter: invocations that failed (<see cref="OutcomeError"/> or <see cref="OutcomeErrorTrailers"/>).</summary>
    public const string Errors = "faas.errors";

    /// <summary>Counter: invocations whose deadline token fired.</summary>
    public const string Timeouts = "faas.timeouts";

    /// <summary>Counter: every invocation, by <see cref="Outcome"/>.</summary>
    public const string Invocations = "lambdastreaming.invocations";

    /// <summary>
    /// Span attribute and histogram (s): from the handler's start to the first body byte sent (an HTTP response's
    /// prelude counts as body); absent from the span when nothing was sent.
    /// </summary>
    public const string TimeToFirstByte = "lambdastreaming.response.time_to_first_byte";

    /// <summary>Histogram (By): body bytes per response (an HTTP response's prelude included).</summary>
    public const string ResponseSize = "lambdastreaming.response.size";

    /// <summary>Span attribute and histogram (s): the time a streamed response's flushes waited for the Runtime API to take their bytes (backpressure from a slow reader).</summary>
    public const string BackpressureWait = "lambdastreaming.response.backpressure_wait";
}
