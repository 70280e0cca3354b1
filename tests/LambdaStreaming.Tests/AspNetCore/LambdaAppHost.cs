using System.Net;
using LambdaStreaming.Emulator;
using LambdaStreaming.Emulator.Front;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>
/// The test app on Lambda: its Native AOT <c>bootstrap</c> (one publish for the run) spawned by the emulator, answering
/// through one of the emulator's fronts.
/// </summary>
public sealed class LambdaAppHost : IAspNetCoreAppHost, IAsyncLifetime, IAsyncDisposable
{
    private readonly StringWriter _log = new();
    private readonly FrontKind _front;
    private readonly bool _buffered;
    private readonly int _maxConcurrency;
    private readonly TimeSpan _timeout;

    /// <param name="front">The front, and so the event source the app is told to expect.</param>
    /// <param name="buffered">A BUFFERED front, and the host in buffered mode.</param>
    /// <param name="maxConcurrency">Above 1, Managed Instances mode: the runtime serves that many invocations at once.</param>
    /// <param name="timeout">The function's timeout.</param>
    public LambdaAppHost(FrontKind front = FrontKind.FunctionUrl, bool buffered = false, int maxConcurrency = 1, TimeSpan? timeout = null)
    {
        _front = front;
        _buffered = buffered;
        _maxConcurrency = maxConcurrency;
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    public EmulatorHost Emulator { get; private set; } = null!;

    public Uri BaseAddress => Emulator.HttpAddress;

    public bool OnLambda => true;

    public bool Streams => !_buffered;

    // The emulator's REST front serves stage "local": requestContext.path is /local/..., the stage the PathBase.
    public string ExpectedPathBase => _front == FrontKind.RestApi ? "/local" : "";

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

    public async Task InitializeAsync()
    {
        var (bootstrap, _) = await PublishedAspNetCoreApp.GetAsync();
        var options = new EmulatorOptions
        {
            RuntimeApiEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            HttpEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            FunctionCommand = [bootstrap],
            Timeout = _timeout,
            MaxConcurrency = _maxConcurrency,
            Log = TextWriter.Synchronized(_log),
            Front = _front,
            InvokeMode = _buffered ? InvokeMode.Buffered : InvokeMode.ResponseStream,
        };
        options.Environment["APP_EVENT_SOURCE"] = _front == FrontKind.RestApi ? "RestApi" : "FunctionUrl";
        options.Environment["APP_RESPONSE_MODE"] = _buffered ? "Buffered" : "Streaming";
        Emulator = await EmulatorHost.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
