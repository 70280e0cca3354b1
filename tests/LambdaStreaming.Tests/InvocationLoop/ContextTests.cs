using LambdaStreaming.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>The context a handler receives is built from the invocation headers and the environment.</summary>
public sealed class ContextTests
{
    [Fact]
    public async Task Context_carries_invocation_headers_and_environment()
    {
        var seen = new TaskCompletionSource<ILambdaContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? traceVariable = null;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (request, response, context) =>
        {
            traceVariable = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");
            seen.SetResult(context);
            return Task.CompletedTask;
        }, configure: options => options.TimeProvider = clock);

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        var deadline = clock.GetUtcNow().AddMinutes(3);
        await connection.SendInvocationAsync("req-ctx", "{}", deadline.ToUnixTimeMilliseconds(),
            "Lambda-Runtime-Client-Context: {\"client\":{\"installation_id\":\"inst-1\",\"app_title\":\"Chat\",\"app_version_name\":\"1.2\",\"app_version_code\":\"12\",\"app_package_name\":\"com.example.chat\"},\"custom\":{\"tier\":\"gold\"},\"env\":{\"platform\":\"Android\"}}\r\n" +
            "Lambda-Runtime-Cognito-Identity: {\"cognitoIdentityId\":\"us-east-1:abc\",\"cognitoIdentityPoolId\":\"us-east-1:pool\"}\r\n" +
            "Lambda-Runtime-Aws-Tenant-Id: tenant-9\r\n");
        var context = await seen.Task.WithGuard();
        await CompleteEmptyResponseAsync(connection);

        Assert.Equal("req-ctx", context.AwsRequestId);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:test", context.InvokedFunctionArn);
        Assert.Equal("test-function", context.FunctionName);
        Assert.Equal("7", context.FunctionVersion);
        Assert.Equal(256, context.MemoryLimitInMB);
        Assert.Equal("/aws/lambda/test-function", context.LogGroupName);
        Assert.Equal("2026/11/24/[7]abcdef", context.LogStreamName);
        Assert.Equal(deadline.ToUnixTimeMilliseconds(), context.Deadline.ToUnixTimeMilliseconds());
        Assert.Equal(TimeSpan.FromMinutes(3), context.RemainingTime);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(TimeSpan.FromSeconds(119), context.RemainingTime);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", context.TraceId);
        Assert.Equal(context.TraceId, traceVariable);
        Assert.Equal("tenant-9", context.TenantId);
        Assert.NotNull(context.ClientContext);
        Assert.Equal("inst-1", context.ClientContext.Client.InstallationId);
        Assert.Equal("com.example.chat", context.ClientContext.Client.AppPackageName);
        Assert.Equal("gold", context.ClientContext.Custom["tier"]);
        Assert.Equal("Android", context.ClientContext.Environment["platform"]);
        Assert.NotNull(context.Identity);
        Assert.Equal("us-east-1:abc", context.Identity.IdentityId);
        Assert.Equal("us-east-1:pool", context.Identity.IdentityPoolId);
        Assert.False(context.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public async Task Cancellation_token_fires_before_the_deadline_and_a_handler_that_honours_it_reports_an_error()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
        {
            running.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
        }, configure: options => options.TimeProvider = clock);

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-deadline", "{}", clock.GetUtcNow().AddMilliseconds(400).ToUnixTimeMilliseconds());
        await running.Task.WithGuard();
        clock.Advance(TimeSpan.FromMilliseconds(300));

        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-deadline/error ", head);
        var body = System.Text.Encoding.UTF8.GetString(await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head)));
        Assert.Contains("TaskCanceledException", body);
        await connection.AcceptReportAsync();
    }

    [Fact]
    public async Task Logger_lines_carry_the_request_id_and_respect_the_log_level()
    {
        var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (request, response, context) =>
        {
            context.Logger.LogDebug("debug detail");
            context.Logger.LogWarning("careful");
            context.Logger.LogLine("plain line");
            logged.SetResult();
            return Task.CompletedTask;
        }, new Dictionary<string, string> { ["AWS_LAMBDA_LOG_LEVEL"] = "INFO" });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-log", "{}");
        await logged.Task.WithGuard();
        await CompleteEmptyResponseAsync(connection);

        var lines = runtime.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.EndsWith("\treq-log\tWARN\tcareful"));
        Assert.Contains(lines, l => l.EndsWith("\treq-log\tINFO\tplain line"));
        Assert.DoesNotContain(lines, l => l.Contains("debug detail"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t", lines.First(l => l.Contains("careful")));
    }

    [Fact]
    public async Task JSON_log_lines_of_a_tenant_isolated_invocation_carry_its_tenant_id()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (request, response, context) =>
        {
            context.Logger.LogInformation("from the context");
            LambdaLog.Current.LogWarning("from code without the context");
            throw new InvalidOperationException("tenant handler failed");
        }, new Dictionary<string, string> { ["AWS_LAMBDA_LOG_FORMAT"] = "JSON" });

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-tenant", "{}", extraHeaders: "Lambda-Runtime-Aws-Tenant-Id: blue-tenant\r\n");
        var head = await connection.ReadHeadAsync();
        await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
        await connection.AcceptReportAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-no-tenant", "{}");
        head = await connection.ReadHeadAsync();
        await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
        await connection.AcceptReportAsync();
        await connection.ReadHeadAsync();

        var lines = runtime.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .Where(line => line.TryGetProperty("requestId", out _))
            .ToList();
        var tenantLines = lines.Where(line => line.GetProperty("requestId").GetString() == "req-tenant").ToList();
        Assert.Contains(tenantLines, line => line.GetProperty("message").GetString() == "from the context");
        Assert.Contains(tenantLines, line => line.GetProperty("message").GetString() == "from code without the context");
        Assert.Contains(tenantLines, line => line.TryGetProperty("errorMessage", out var error) && error.GetString() == "tenant handler failed");
        Assert.All(tenantLines, line => Assert.Equal("blue-tenant", line.GetProperty("tenantId").GetString()));
        var otherLines = lines.Where(line => line.GetProperty("requestId").GetString() == "req-no-tenant").ToList();
        Assert.NotEmpty(otherLines);
        Assert.All(otherLines, line => Assert.False(line.TryGetProperty("tenantId", out _)));
    }

    private static async Task CompleteEmptyResponseAsync(ScriptedConnection connection)
    {
        await connection.ReadHeadAsync();
        await connection.ReadChunkedBodyAsync();
        await connection.AcceptReportAsync();
    }
}
