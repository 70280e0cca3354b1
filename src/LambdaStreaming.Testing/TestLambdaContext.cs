namespace LambdaStreaming.Testing;

/// <summary>
/// An <see cref="ILambdaContext"/> whose every value a test sets, with time on a <see cref="System.TimeProvider"/>:
/// with a fake one (<c>Microsoft.Extensions.Time.Testing.FakeTimeProvider</c>), moving it past
/// <see cref="Deadline"/> less <see cref="DeadlineMargin"/> cancels <see cref="CancellationToken"/> as the runtime
/// does, and a test of deadline behaviour needs no sleeping. Set it up before the invocation (the deadline is 30 s
/// from when the context is made unless set); the token is made when <see cref="LambdaTestHost"/> starts one. A
/// context serves one invocation at a time, as Lambda gives each invocation its own.
/// </summary>
public sealed class TestLambdaContext : ILambdaContext
{
    private CancellationToken _cancellationToken;
    private int _invoking;

    /// <summary>Creates a context whose deadline is 30 seconds from now on <paramref name="timeProvider"/>.</summary>
    /// <param name="timeProvider">The clock of the deadline, the remaining time and the chunks' times; the system's if null.</param>
    public TestLambdaContext(TimeProvider? timeProvider = null)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
        Deadline = TimeProvider.GetUtcNow() + TimeSpan.FromSeconds(30);
    }

    /// <summary>The clock this context reads.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The lines the invocation logged (through <see cref="Logger"/>, <see cref="LambdaLog"/>, and the runtime's own).</summary>
    public TestLambdaLogger TestLogger { get; } = new();

    /// <inheritdoc />
    public string AwsRequestId { get; set; } = Guid.NewGuid().ToString();

    /// <inheritdoc />
    public IClientContext? ClientContext { get; set; }

    /// <inheritdoc />
    public string FunctionName { get; set; } = "test-function";

    /// <inheritdoc />
    public string FunctionVersion { get; set; } = "$LATEST";

    /// <inheritdoc />
    public ICognitoIdentity? Identity { get; set; }

    /// <inheritdoc />
    public string InvokedFunctionArn { get; set; } = "arn:aws:lambda:us-east-1:123456789012:function:test-function";

    /// <inheritdoc />
    public ILambdaLogger Logger => TestLogger;

    /// <inheritdoc />
    public string LogGroupName { get; set; } = "/aws/lambda/test-function";

    /// <inheritdoc />
    public string LogStreamName { get; set; } = "2026/01/01/[$LATEST]00000000000000000000000000000000";

    /// <inheritdoc />
    public int MemoryLimitInMB { get; set; } = 512;

    /// <inheritdoc />
    public TimeSpan RemainingTime
    {
        get
        {
            var remaining = Deadline - TimeProvider.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    /// <inheritdoc />
    public string TraceId { get; set; } = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";

    /// <inheritdoc />
    public string? TenantId { get; set; }

    /// <inheritdoc />
    public DateTimeOffset Deadline { get; set; }

    /// <summary>How long before <see cref="Deadline"/> the token fires: the runtime's default, 100 ms, unless set.</summary>
    public TimeSpan DeadlineMargin { get; set; } = new LambdaRuntimeOptions().DeadlineMargin;

    /// <inheritdoc />
    /// <remarks>None before an invocation starts; then it fires at <see cref="Deadline"/> less <see cref="DeadlineMargin"/>.</remarks>
    public CancellationToken CancellationToken => _cancellationToken;

    /// <summary>Makes this invocation's deadline token; the caller ends the invocation with <see cref="EndInvocation"/>.</summary>
    /// <exception cref="InvalidOperationException">Another invocation is using this context.</exception>
    internal CancellationTokenSource StartInvocation()
    {
        if (Interlocked.Exchange(ref _invoking, 1) == 1)
        {
            throw new InvalidOperationException("This TestLambdaContext is in use by another invocation: give each concurrent invocation a context of its own.");
        }
        var source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, TimeProvider);
        var delay = Deadline - DeadlineMargin - TimeProvider.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            source.Cancel();
        }
        else if (delay <= MaxTimerDelay)
        {
            source.CancelAfter(delay);
        }
        _cancellationToken = source.Token;
        return source;
    }

    /// <summary>Ends the invocation <see cref="StartInvocation"/> began: its token is gone, and the context free again.</summary>
    internal void EndInvocation(CancellationTokenSource source)
    {
        _cancellationToken = CancellationToken.None;
        source.Dispose();
        Volatile.Write(ref _invoking, 0);
    }

    // Timers take at most this; a deadline further away never fires, as on the runtime.
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
}
