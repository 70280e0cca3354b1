using System.Text.RegularExpressions;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>
/// <see cref="LambdaRuntimeOptions.RegisterShutdownExtension"/>: a no-op internal extension registered before the
/// first <c>next</c>, with its <c>event/next</c> long poll on a connection of its own, so that Lambda sends SIGTERM.
/// </summary>
public sealed class ShutdownExtensionTests
{
    [Fact]
    public async Task The_extension_registers_and_polls_on_its_own_connection_before_the_runtime_s_first_next()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => Task.CompletedTask,
            configure: options => options.RegisterShutdownExtension = true);

        var extension = await server.AcceptAsync();
        var register = await extension.ReadHeadAsync();
        Assert.StartsWith("POST /2020-01-01/extension/register HTTP/1.1\r\n", register);
        Assert.Contains("\r\nLambda-Extension-Name: lambda-streaming-shutdown\r\n", register);
        Assert.Equal("""{"events":[]}""", System.Text.Encoding.ASCII.GetString(await extension.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(register))));
        await extension.WriteAsync("HTTP/1.1 200 OK\r\nLambda-Extension-Identifier: 6f1b3c39-0c8e-4b5b-9b1b-6c7c0f3f4e10\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");

        var eventNext = await extension.ReadHeadAsync();
        Assert.StartsWith("GET /2020-01-01/extension/event/next HTTP/1.1\r\n", eventNext);
        Assert.Contains("\r\nLambda-Extension-Identifier: 6f1b3c39-0c8e-4b5b-9b1b-6c7c0f3f4e10\r\n", eventNext);

        // Only then the runtime's own poll, on another connection; the extension's stays open, unanswered.
        var runtimeApi = await server.AcceptAsync();
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await runtimeApi.ReadHeadAsync());
        Assert.False(runtime.Completion.IsCompleted);
    }

    [Theory]
    [InlineData("HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\n{}", "403")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", "no Lambda-Extension-Identifier")]
    public async Task A_refused_registration_is_logged_and_the_runtime_serves_anyway(string reply, string logged)
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => Task.CompletedTask,
            configure: options => options.RegisterShutdownExtension = true);

        var extension = await server.AcceptAsync();
        var register = await extension.ReadHeadAsync();
        await extension.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(register));
        await extension.WriteAsync(reply);

        var runtimeApi = await server.AcceptAsync();
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await runtimeApi.ReadHeadAsync());
        Assert.Matches(new Regex($"WARN\tCould not register the shutdown extension .*{Regex.Escape(logged)}.*Lambda will not send SIGTERM"), runtime.Log);
    }

    [Fact]
    public async Task Without_the_option_nothing_but_the_runtime_s_poll_is_sent()
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) => Task.CompletedTask);

        var first = await server.AcceptAsync();
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next ", await first.ReadHeadAsync());
    }
}
