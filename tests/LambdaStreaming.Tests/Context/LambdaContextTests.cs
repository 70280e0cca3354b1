using LambdaStreaming.InvocationLoop;
using LambdaStreaming.RuntimeApi;
using Microsoft.Extensions.Time.Testing;

namespace LambdaStreaming.Tests.Context;

/// <summary>
/// The context one invocation gets, on a fake clock: remaining time (never negative), the client context and Cognito
/// identity parsed once, absent or malformed, and the values an absent field leaves.
/// </summary>
public sealed class LambdaContextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly List<string> _warnings = [];

    [Fact]
    public void Remaining_time_counts_down_on_the_clock_and_stops_at_zero_past_the_deadline()
    {
        var context = Context(new Invocation { RequestId = "r", Deadline = Now.AddSeconds(3), InvokedFunctionArn = "arn", Payload = default });

        Assert.Equal(TimeSpan.FromSeconds(3), context.RemainingTime);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(1), context.RemainingTime);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, context.RemainingTime);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.Zero, context.RemainingTime);
    }

    [Fact]
    public void The_client_context_and_identity_are_parsed_once_and_fields_they_lack_are_empty()
    {
        var context = Context(new Invocation
        {
            RequestId = "r",
            Deadline = Now,
            InvokedFunctionArn = "arn",
            Payload = default,
            ClientContextJson = """{"client":{"app_title":"Shop"},"custom":{"k":"v"},"env":{"platform":"ios"}}""",
            CognitoIdentityJson = """{"cognitoIdentityId":"id-1"}""",
        });

        var client = context.ClientContext!;
        Assert.Same(client, context.ClientContext);
        Assert.Equal("Shop", client.Client.AppTitle);
        Assert.Equal("", client.Client.AppPackageName);
        Assert.Equal("", client.Client.AppVersionCode);
        Assert.Equal("", client.Client.AppVersionName);
        Assert.Equal("", client.Client.InstallationId);
        Assert.Equal("v", client.Custom["k"]);
        Assert.Equal("ios", client.Environment["platform"]);
        var identity = context.Identity!;
        Assert.Same(identity, context.Identity);
        Assert.Equal("id-1", identity.IdentityId);
        Assert.Equal("", identity.IdentityPoolId);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void An_absent_or_malformed_client_context_is_null_and_a_malformed_one_is_logged_once()
    {
        var absent = Context(new Invocation { RequestId = "r", Deadline = Now, InvokedFunctionArn = "arn", Payload = default });
        var malformed = Context(new Invocation { RequestId = "r", Deadline = Now, InvokedFunctionArn = "arn", Payload = default, ClientContextJson = "{not json", CognitoIdentityJson = "[" });

        Assert.Null(absent.ClientContext);
        Assert.Null(absent.Identity);
        Assert.Null(malformed.ClientContext);
        Assert.Null(malformed.Identity);
        Assert.Equal(2, _warnings.Count);
        Assert.StartsWith("Ignoring malformed ClientContext JSON from the Runtime API: ", _warnings[0]);
        Assert.StartsWith("Ignoring malformed CognitoIdentity JSON from the Runtime API: ", _warnings[1]);
        Assert.Equal("", absent.TraceId);
    }

    private LambdaContext Context(Invocation invocation)
    {
        var environment = LambdaEnvironment.Read(name => name == "AWS_LAMBDA_RUNTIME_API" ? "127.0.0.1:9001" : null);
        return new LambdaContext(environment, invocation, new WarningLogger(_warnings), CancellationToken.None, _time);
    }

    private sealed class WarningLogger(List<string> warnings) : ILambdaLogger
    {
        public void Log(string message) => warnings.Add(message);

        public void LogLine(string message) => warnings.Add(message);

        public void Log(string level, string message) => warnings.Add(message);

        public void Log(LogLevel level, string message) => warnings.Add(message);
    }
}
