using System.Net;
using LambdaStreaming.Emulator.Cli;
using LambdaStreaming.Emulator.Front;

namespace LambdaStreaming.Emulator.Tests;

public sealed class CommandLineParserTests
{
    [Fact]
    public void Defaults_match_the_documented_command_line()
    {
        var options = CommandLineParser.Parse([]).Options!;

        Assert.Equal(IPEndPoint.Parse("127.0.0.1:9001"), options.RuntimeApiEndPoint);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:9000"), options.HttpEndPoint);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
        Assert.Equal(512, options.MemoryMegabytes);
        Assert.Equal(1, options.MaxConcurrency);
        Assert.Empty(options.Environment);
        Assert.Null(options.FunctionCommand);
        Assert.False(options.RecordInvocations);
        Assert.Equal(FrontKind.FunctionUrl, options.Front);
        Assert.Equal(InvokeMode.ResponseStream, options.InvokeMode);
        Assert.Null(options.Handler);
        Assert.Null(options.TaskRoot);
    }

    [Theory]
    [InlineData("BUFFERED", InvokeMode.Buffered)]
    [InlineData("buffered", InvokeMode.Buffered)]
    [InlineData("RESPONSE_STREAM", InvokeMode.ResponseStream)]
    public void The_invoke_mode_is_read(string value, InvokeMode expected) =>
        Assert.Equal(expected, CommandLineParser.Parse(["--invoke-mode", value]).Options!.InvokeMode);

    [Fact]
    public void Watch_runs_the_project_under_dotnet_watch_in_one_environment_whatever_the_order_of_options()
    {
        var project = Path.GetTempPath();
        var options = CommandLineParser.Parse(["--watch", project, "--max-environments", "4"]).Options!;

        Assert.Equal(["dotnet", "watch", "run", "--project", Path.GetFullPath(project), "--non-interactive"], options.FunctionCommand);
        Assert.Equal(1, options.MaxEnvironments);
        Assert.Equal("true", options.Environment["DOTNET_USE_POLLING_FILE_WATCHER"]);
        Assert.NotEqual("--non-interactive", options.Handler);
        Assert.Contains("either --watch PROJECT or a function command", CommandLineParser.Parse(["--watch", project, "--", "./bootstrap"]).Error);
    }

    [Fact]
    public void Handler_and_task_root_are_read_and_checked()
    {
        var options = CommandLineParser.Parse(["--handler", "index.handler", "--task-root", Path.GetTempPath(), "--", "npx", "aws-lambda-ric", "x.y"]).Options!;
        Assert.Equal("index.handler", options.Handler);
        Assert.Equal(Path.GetFullPath(Path.GetTempPath()), options.TaskRoot);
        Assert.Contains("--invoke-mode", CommandLineParser.Parse(["--invoke-mode", "STREAMING"]).Error);
        Assert.Contains("existing directory", CommandLineParser.Parse(["--task-root", "/no/such/dir"]).Error);
    }

    [Fact]
    public void The_fault_rate_is_read()
    {
        Assert.Equal(0.25, CommandLineParser.Parse(["--fault-rate", "0.25"]).Options!.FaultRate);
        Assert.Equal(0, CommandLineParser.Parse([]).Options!.FaultRate);
    }

    [Theory]
    [InlineData("function-url", FrontKind.FunctionUrl)]
    [InlineData("rest-api", FrontKind.RestApi)]
    public void The_front_is_chosen_by_name(string name, FrontKind expected)
    {
        Assert.Equal(expected, CommandLineParser.Parse(["--front", name]).Options!.Front);
        Assert.Equal(expected, CommandLineParser.Parse([$"--front={name}"]).Options!.Front);
    }

    [Fact]
    public void Every_option_and_the_function_command_after_the_separator_are_read()
    {
        var options = CommandLineParser.Parse(
        [
            "--runtime-api", "127.0.0.1:9101", "--http=0.0.0.0:9100", "--timeout", "1.5", "--memory", "1024",
            "--max-concurrency", "8", "--env", "A=1", "--env", "B=x=y", "--", "./bootstrap", "--verbose", "--",
        ]).Options!;

        Assert.Equal(IPEndPoint.Parse("127.0.0.1:9101"), options.RuntimeApiEndPoint);
        Assert.Equal(IPEndPoint.Parse("0.0.0.0:9100"), options.HttpEndPoint);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.Timeout);
        Assert.Equal(1024, options.MemoryMegabytes);
        Assert.Equal(8, options.MaxConcurrency);
        Assert.Equal("1", options.Environment["A"]);
        Assert.Equal("x=y", options.Environment["B"]);
        Assert.Equal(["./bootstrap", "--verbose", "--"], options.FunctionCommand);
    }

    [Fact]
    public void A_function_command_may_follow_without_the_separator()
    {
        var options = CommandLineParser.Parse(["--timeout", "3", "./bootstrap", "arg"]).Options!;

        Assert.Equal(["./bootstrap", "arg"], options.FunctionCommand);
    }

    [Fact]
    public void Localhost_is_accepted_as_loopback()
    {
        var options = CommandLineParser.Parse(["--runtime-api", "localhost:0"]).Options!;

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 0), options.RuntimeApiEndPoint);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_shown_on_request(string flag)
    {
        Assert.True(CommandLineParser.Parse(["--timeout", "3", flag]).ShowHelp);
        Assert.Contains("--max-concurrency N", CommandLineParser.Usage);
    }

    [Theory]
    [InlineData("Unknown option '--bogus'", "--bogus")]
    [InlineData("Unknown option '--tiemout'", "--tiemout", "3")]
    [InlineData("Option '--timeout' needs a value", "--timeout")]
    [InlineData("Option '--timeout' needs a number of seconds above 0, got '0'", "--timeout", "0")]
    [InlineData("Option '--memory' needs a positive number of MB, got 'lots'", "--memory", "lots")]
    [InlineData("Option '--max-concurrency' needs a positive integer, got '-1'", "--max-concurrency", "-1")]
    [InlineData("Option '--http' needs HOST:PORT with an IP address, got '9000'", "--http", "9000")]
    [InlineData("Option '--runtime-api' needs HOST:PORT with an IP address, got 'example.com:1'", "--runtime-api", "example.com:1")]
    [InlineData("Option '--env' needs KEY=VALUE, got 'A'", "--env", "A")]
    [InlineData("Option '--front' needs function-url or rest-api, got 'alb'", "--front", "alb")]
    [InlineData("Option '--fault-rate' needs a number from 0 to 1, got '1.5'", "--fault-rate", "1.5")]
    public void Invalid_command_lines_are_rejected_with_a_clear_message(string expected, params string[] args)
    {
        var result = CommandLineParser.Parse(args);

        Assert.Null(result.Options);
        Assert.StartsWith(expected, result.Error);
    }
}
