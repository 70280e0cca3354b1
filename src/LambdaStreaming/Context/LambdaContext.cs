using System.Text.Json;
using LambdaStreaming.InvocationLoop;
using LambdaStreaming.RuntimeApi;

namespace LambdaStreaming;

/// <summary>The <see cref="ILambdaContext"/> of one invocation.</summary>
internal sealed class LambdaContext(LambdaEnvironment environment, Invocation invocation, ILambdaLogger logger, CancellationToken cancellationToken, TimeProvider time) : ILambdaContext
{
    private IClientContext? _clientContext;
    private ICognitoIdentity? _identity;

    public string AwsRequestId => invocation.RequestId;

    public IClientContext? ClientContext => _clientContext ??= Parse(invocation.ClientContextJson, ContextJsonContext.Default.ClientContext);

    public string FunctionName => environment.FunctionName;

    public string FunctionVersion => environment.FunctionVersion;

    public ICognitoIdentity? Identity => _identity ??= Parse(invocation.CognitoIdentityJson, ContextJsonContext.Default.CognitoIdentity);

    public string InvokedFunctionArn => invocation.InvokedFunctionArn;

    public ILambdaLogger Logger => logger;

    public string LogGroupName => environment.LogGroupName;

    public string LogStreamName => environment.LogStreamName;

    public int MemoryLimitInMB => environment.MemoryLimitInMB;

    public TimeSpan RemainingTime
    {
        get
        {
            var remaining = invocation.Deadline - time.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    public string TraceId => invocation.TraceId ?? "";

    public string? TenantId => invocation.TenantId;

    public DateTimeOffset Deadline => invocation.Deadline;

    public CancellationToken CancellationToken => cancellationToken;

    private T? Parse<T>(string? json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException ex)
        {
            logger.LogWarning($"Ignoring malformed {typeof(T).Name} JSON from the Runtime API: {ex.Message}");
            return null;
        }
    }
}
