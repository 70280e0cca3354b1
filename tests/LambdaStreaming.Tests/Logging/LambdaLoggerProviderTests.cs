using System.Text.Json;
using LambdaStreaming.Logging;
using LambdaStreaming.Tests.Support;
using Microsoft.Extensions.Logging;

namespace LambdaStreaming.Tests.Logging;

/// <summary>ILogger&lt;T&gt; output through the provider: the runtime's stream, format and level, with the request id.</summary>
public sealed class LambdaLoggerProviderTests
{
    [Fact]
    public async Task ILogger_lines_written_during_an_invocation_carry_its_request_id_in_the_runtimes_format()
    {
        using var factory = LoggerFactory.Create(logging => logging.AddLambdaStreaming().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        var logger = factory.CreateLogger<LambdaLoggerProviderTests>();
        await using var server = new ScriptedServer();
        await using var runtime = RuntimeUnderTest.Start(server, async (request, response, context) =>
        {
            logger.LogInformation("handling {Path}", "/orders");
            logger.LogDebug("below the runtime's level");
            try
            {
                throw new TimeoutException("upstream slow");
            }
            catch (TimeoutException ex)
            {
                logger.LogError(ex, "upstream failed");
            }

            await response.WriteAsync("ok"u8.ToArray());
        }, environment: new Dictionary<string, string> { ["AWS_LAMBDA_LOG_FORMAT"] = "JSON", ["AWS_LAMBDA_LOG_LEVEL"] = "INFO" });
        var connection = await server.AcceptAsync();
        await connection.ReadHeadAsync();
        await connection.SendInvocationAsync("req-ilogger", "{}");
        await connection.ReadHeadAsync();
        await connection.ReadChunkedBodyAsync();
        await connection.AcceptReportAsync();

        var lines = runtime.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("requestId", out var id) && id.GetString() == "req-ilogger")
            .ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("INFO", lines[0].GetProperty("level").GetString());
        Assert.Equal($"[{typeof(LambdaLoggerProviderTests).FullName}] handling /orders", lines[0].GetProperty("message").GetString());
        Assert.Equal("ERROR", lines[1].GetProperty("level").GetString());
        Assert.Equal("System.TimeoutException", lines[1].GetProperty("errorType").GetString());
        Assert.Equal("upstream slow", lines[1].GetProperty("errorMessage").GetString());
        Assert.DoesNotContain("below the runtime's level", runtime.Log);
    }

    [Fact]
    public void None_is_never_enabled_and_Critical_always_is()
    {
        var logger = new LambdaLoggerProvider().CreateLogger("category");

        Assert.False(logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.None));
        Assert.True(logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Critical));
    }
}
