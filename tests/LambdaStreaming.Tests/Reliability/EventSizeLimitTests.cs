using System.Text.Json;
using LambdaStreaming.Tests.InvocationLoop;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Reliability;

/// <summary>An event over <see cref="LambdaRuntimeOptions.MaxEventBytes"/> is refused by name, not dropped.</summary>
public sealed class EventSizeLimitTests
{
    [Fact]
    public async Task An_oversize_event_is_reported_as_an_invalid_invocation_on_a_new_connection_without_running_the_handler()
    {
        var handlerRan = false;
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, (_, _, _) =>
        {
            handlerRan = true;
            return Task.CompletedTask;
        }, configure: options => options.MaxEventBytes = 1024);

        var first = await server.AcceptAsync();
        await first.ReadHeadAsync();
        await first.SendInvocationAsync("req-big", new string('x', 5000));

        // The unread event makes the first connection useless; the report goes on another.
        string? head;
        ScriptedConnection report;
        do
        {
            report = await server.AcceptAsync();
            head = await report.ReadHeadAsync();
        }
        while (head is null);

        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-big/error ", head);
        Assert.Contains("Lambda-Runtime-Function-Error-Type: Runtime.InvalidInvocation\r\n", head);
        var error = JsonDocument.Parse(await report.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head))).RootElement;
        Assert.Contains("MaxEventBytes", error.GetProperty("errorMessage").GetString());
        await report.AcceptReportAsync();
        Assert.False(handlerRan);
    }
}
