using System.Net;
using LambdaStreaming.Emulator;
using LambdaStreaming.Emulator.Front;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>The test app on Lambda: the emulator spawns it as the function and answers through its Function URL front.</summary>
public class LambdaAppHost : IAspNetCoreAppHost, IAsyncLifetime
{
    private readonly StringWriter _log = new();

    public EmulatorHost Emulator { get; private set; } = null!;

    public Uri BaseAddress => Emulator.HttpAddress;

    public bool OnLambda => true;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The function's command; the JIT build of the test app unless a derived host publishes it.</summary>
    protected virtual Task<string[]> FunctionCommandAsync() => Task.FromResult(AspNetCoreAppCommand.Jit());

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions
        {
            RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            FunctionCommand = await FunctionCommandAsync(),
            Timeout = TimeSpan.FromSeconds(30),
            Log = TextWriter.Synchronized(_log),
            Front = FrontKind.FunctionUrl,
        };
        options.Environment["APP_EVENT_SOURCE"] = "FunctionUrl";
        Emulator = await EmulatorHost.StartAsync(options);
    }

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}
