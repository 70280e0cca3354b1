using System.Text.Json;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>Failures before the first <c>next</c> go to <c>/runtime/init/error</c>, and the runtime exits non-zero.</summary>
public sealed class InitializationTests
{
    [Fact]
    public async Task Initializer_failure_is_reported_to_init_error_and_exits_with_1()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, _ => throw new InvalidDataException("config missing"));

        var connection = await server.AcceptAsync();
        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/init/error HTTP/1.1\r\n", head);
        Assert.Contains("Lambda-Runtime-Function-Error-Type: Runtime.InitError\r\n", head);
        var error = JsonDocument.Parse(await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head))).RootElement;
        Assert.Equal("config missing", error.GetProperty("errorMessage").GetString());
        Assert.Equal("System.IO.InvalidDataException", error.GetProperty("errorType").GetString());
        await connection.AcceptReportAsync();

        Assert.Equal(1, await runtime.Completion.WithGuard());
    }

    [Fact]
    public async Task Malformed_environment_is_reported_to_init_error_and_exits_with_1()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => Task.CompletedTask,
            new Dictionary<string, string> { ["AWS_LAMBDA_MAX_CONCURRENCY"] = "many" });

        var connection = await server.AcceptAsync();
        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/init/error ", head);
        Assert.Contains("Lambda-Runtime-Function-Error-Type: Runtime.InvalidEnvironment\r\n", head);
        var error = JsonDocument.Parse(await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head))).RootElement;
        Assert.Contains("AWS_LAMBDA_MAX_CONCURRENCY", error.GetProperty("errorMessage").GetString());
        await connection.AcceptReportAsync();

        Assert.Equal(1, await runtime.Completion.WithGuard());
    }

    [Fact]
    public async Task Missing_runtime_api_variable_exits_with_1_and_says_why()
    {
        await using var runtime = RuntimeUnderTest.Start("", (_, _, _) => Task.CompletedTask);

        Assert.Equal(1, await runtime.Completion.WithGuard());
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", runtime.Log);
    }

    [Fact]
    public async Task Container_error_500_makes_the_runtime_exit_with_1()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, HandlerShapes.Buffered((_, _) => Task.FromResult(LambdaResult.Text("ok"))));

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-500", "{}");
        var head = await connection.ReadHeadAsync();
        await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
        await connection.WriteAsync("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 35\r\n\r\n{\"errorType\":\"Runtime.ExitError\"}\r\n");

        Assert.Equal(1, await runtime.Completion.WithGuard());
        Assert.Contains("container error", runtime.Log);
    }
}
