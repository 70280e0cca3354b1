using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>
/// <c>Lambda-Runtime-Invocation-Id</c>: when <c>next</c> carries it, every report of that invocation echoes it, so
/// Lambda never matches a late report of a timed-out invocation to a new one.
/// </summary>
public sealed class InvocationIdEchoTests
{
    public enum Report
    {
        Buffered,
        Streamed,
        Error,
    }

    [Theory]
    [InlineData(Report.Buffered)]
    [InlineData(Report.Streamed)]
    [InlineData(Report.Error)]
    public async Task Each_report_echoes_the_invocation_id(Report report)
    {
        var head = await ReportHeadAsync(report, "Lambda-Runtime-Invocation-Id: 1b4c2f9e-inv-7\r\n");

        Assert.Matches(report == Report.Error ? "^POST /2018-06-01/runtime/invocation/req-echo/error " : "^POST /2018-06-01/runtime/invocation/req-echo/response ", head);
        Assert.Contains("\r\nLambda-Runtime-Invocation-Id: 1b4c2f9e-inv-7\r\n", head);
    }

    [Theory]
    [InlineData(Report.Buffered)]
    [InlineData(Report.Streamed)]
    [InlineData(Report.Error)]
    public async Task Without_an_invocation_id_none_is_sent(Report report)
    {
        var head = await ReportHeadAsync(report, "");

        Assert.DoesNotContain("Lambda-Runtime-Invocation-Id", head);
    }

    private static async Task<string> ReportHeadAsync(Report report, string extraHeaders)
    {
        StreamingHandler handler = report switch
        {
            Report.Buffered => HandlerShapes.Buffered((_, _) => Task.FromResult(LambdaResult.Text("whole"))),
            Report.Streamed => async (_, response, _) => await response.WriteAsync("part"u8.ToArray()),
            _ => (_, _, _) => throw new InvalidOperationException("failed"),
        };
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, handler);
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-echo", "{}", extraHeaders: extraHeaders);
        var head = await connection.ReadHeadAsync() ?? throw new InvalidOperationException("no report");
        if (report == Report.Streamed)
        {
            await connection.ReadChunkedBodyAsync();
        }
        else
        {
            await connection.ReadExactlyAsync(StreamingOutcomeTests.ContentLength(head));
        }
        await connection.AcceptReportAsync();
        return head;
    }
}
