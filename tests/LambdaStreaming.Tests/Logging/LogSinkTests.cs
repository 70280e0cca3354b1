using System.Text.Json;

namespace LambdaStreaming.Tests.Handlers;

/// <summary>Log lines in both of Lambda's formats, level filtering, and no cost for filtered lines.</summary>
public sealed class LogSinkTests
{
    [Fact]
    public void The_JSON_format_writes_one_parseable_object_per_line_whatever_the_message()
    {
        var output = new StringWriter();
        ILambdaLogger logger = new LambdaLogger(new LogSink(output, LogLevel.Information, LogFormat.Json), "req-1");

        logger.LogInformation("multi\nline \"quoted\" ✓");
        logger.LogWarning("second");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("INFO", first.GetProperty("level").GetString());
        Assert.Equal("req-1", first.GetProperty("requestId").GetString());
        Assert.Equal("multi\nline \"quoted\" ✓", first.GetProperty("message").GetString());
        Assert.True(DateTime.TryParse(first.GetProperty("timestamp").GetString(), out _));
        Assert.Equal("WARN", JsonDocument.Parse(lines[1]).RootElement.GetProperty("level").GetString());
    }

    [Fact]
    public void An_exception_gets_its_own_fields_in_the_JSON_format()
    {
        var output = new StringWriter();
        ILambdaLogger logger = new LambdaLogger(new LogSink(output, LogLevel.Information, LogFormat.Json), "req-2");
        InvalidOperationException thrown;
        try
        {
            throw new InvalidOperationException("the cause");
        }
        catch (InvalidOperationException ex)
        {
            thrown = ex;
        }

        logger.LogError(thrown, "it failed");

        var line = JsonDocument.Parse(output.ToString().Trim()).RootElement;
        Assert.Equal("ERROR", line.GetProperty("level").GetString());
        Assert.Equal("it failed", line.GetProperty("message").GetString());
        Assert.Equal("System.InvalidOperationException", line.GetProperty("errorType").GetString());
        Assert.Equal("the cause", line.GetProperty("errorMessage").GetString());
        Assert.Contains(line.GetProperty("stackTrace").EnumerateArray(), frame => frame.GetString()!.Contains(nameof(An_exception_gets_its_own_fields_in_the_JSON_format)));
    }

    [Fact]
    public void A_sink_for_stdout_opens_it_at_its_first_line_not_when_it_is_made()
    {
        var sink = new LogSink(null, LogLevel.Information);
        var original = Console.Out;
        using var captured = new StringWriter();
        // A sink that took Console.Out when it was made would write to the original writer, not this one.
        Console.SetOut(captured);
        try
        {
            sink.Write("req-1", LogLevel.Information, "first line");
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Contains("\treq-1\tINFO\tfirst line\n", captured.ToString());
    }

    [Fact]
    public void The_text_format_is_timestamp_request_id_level_message()
    {
        var output = new StringWriter();
        ((ILambdaLogger)new LambdaLogger(new LogSink(output, LogLevel.Debug), "req-3")).LogDebug("hello");

        var fields = output.ToString().TrimEnd('\n').Split('\t');
        Assert.Equal(4, fields.Length);
        Assert.True(DateTime.TryParse(fields[0], out _));
        Assert.Equal(["req-3", "DEBUG", "hello"], fields[1..]);
    }

    [Fact]
    public void Lines_below_the_level_are_dropped_without_allocating()
    {
        var output = new StringWriter();
        ILambdaLogger logger = new LambdaLogger(new LogSink(output, LogLevel.Warning, LogFormat.Json), "req-4");
        logger.LogDebug("warm up");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            logger.LogDebug("filtered out");
            logger.LogInformation("filtered out");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal("", output.ToString());
    }

    [Theory]
    [InlineData("JSON", LogFormat.Json)]
    [InlineData("json", LogFormat.Json)]
    [InlineData("Text", LogFormat.Text)]
    [InlineData(null, LogFormat.Text)]
    [InlineData("yaml", null)]
    public void The_format_variable_is_read_case_insensitively(string? value, LogFormat? expected)
    {
        Assert.Equal(expected, LogSink.ParseFormat(value));
    }
}
