using System.Text.Json;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>An event that is not valid JSON for the handler's type is reported with a message a person can act on.</summary>
public sealed class TypedEventTests
{
    [Theory]
    [InlineData("not json", "$", "line 1, byte 2")]
    [InlineData("""{"rawPath": 5}""", "$.rawPath", "line 1, byte 14")]
    public async Task The_error_names_the_type_the_JSON_path_and_the_position(string @event, string path, string position)
    {
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server,
            HandlerShapes.Http(HttpEventJsonContext.Default.FunctionUrlRequest, (request, context) => Task.FromResult(HttpResult.Text("unreachable"))));

        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-bad-event", @event);
        var head = await connection.ReadHeadAsync();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-bad-event/error ", head);
        using var error = JsonDocument.Parse(await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head)));
        await connection.AcceptReportAsync();

        var message = error.RootElement.GetProperty("errorMessage").GetString()!;
        Assert.True(message.StartsWith($"The event is not valid JSON for FunctionUrlRequest (at {path}, {position}): ", StringComparison.Ordinal), message);
        Assert.DoesNotContain("Path: $ |", message.Split("): ")[0]);
        Assert.Equal("System.Text.Json.JsonException", error.RootElement.GetProperty("errorType").GetString());
    }
}
