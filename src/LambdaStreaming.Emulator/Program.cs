using System.Runtime.InteropServices;
using LambdaStreaming.Emulator;
using LambdaStreaming.Emulator.Cli;

var parsed = CommandLineParser.Parse(args);
if (parsed.ShowHelp)
{
    Console.WriteLine(CommandLineParser.Usage);
    return 0;
}

if (parsed.Options is not { } options)
{
    Console.Error.WriteLine($"error: {parsed.Error}");
    Console.Error.WriteLine();
    Console.Error.WriteLine(CommandLineParser.Usage);
    return 2;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void Stop(PosixSignalContext context)
{
    // Shut down cleanly (kill the function, close the servers) instead of being torn down mid-write.
    context.Cancel = true;
    stop.TrySetResult();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

EmulatorHost host;
try
{
    host = await EmulatorHost.StartAsync(options);
}
catch (EmulatorStartException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

await using (host)
{
    await stop.Task;
}

return 0;
