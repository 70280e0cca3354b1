using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

/// <summary>A port that is taken gives one line naming the option to change, and a non-zero exit: no stack trace.</summary>
public sealed class StartupErrorTests
{
    [Theory]
    [InlineData("--http")]
    [InlineData("--runtime-api")]
    public async Task A_busy_port_is_one_line_that_names_the_option(string option)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var busy = $"127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var other = option == "--http" ? "--runtime-api" : "--http";

        var start = new ProcessStartInfo("dotnet", [typeof(EmulatorHost).Assembly.Location, option, busy, other, "127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync().Within();
        await process.WaitForExitAsync().Within();

        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"error: {busy} is already in use (another emulator?); choose another address with {option} HOST:PORT.", line);
        Assert.DoesNotContain("   at ", await output + error);
    }

    [Fact]
    public async Task The_host_throws_the_same_message_for_an_embedding_program()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var busy = (IPEndPoint)taken.LocalEndpoint;

        var failure = await Assert.ThrowsAsync<EmulatorStartException>(() =>
            EmulatorHost.StartAsync(new EmulatorOptions { HttpEndPoint = busy, RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0), Log = TextWriter.Null }));
        Assert.Contains("choose another address with --http", failure.Message);
    }
}
