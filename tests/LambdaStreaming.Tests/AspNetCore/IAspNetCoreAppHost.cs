namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>Where the test app answers HTTP: Kestrel itself, or the emulator's front with the app on Lambda behind it.</summary>
public interface IAspNetCoreAppHost
{
    /// <summary>The app's base address.</summary>
    Uri BaseAddress { get; }

    /// <summary>True when the app runs on the LambdaStreaming runtime rather than Kestrel.</summary>
    bool OnLambda { get; }

    /// <summary>False when the front buffers whole responses (a BUFFERED Function URL or REST integration).</summary>
    bool Streams { get; }

    /// <summary>The <c>PathBase</c> the app sees: a REST API's stage, or nothing.</summary>
    string ExpectedPathBase { get; }

    /// <summary>What the host has logged so far (the app's output, and the emulator's), for failure messages.</summary>
    string Log { get; }
}
