namespace LambdaStreaming.Emulator.Faults;

/// <summary>A failure the emulator can inject into its Runtime API, to prove a runtime survives it.</summary>
public enum RuntimeApiFault
{
    /// <summary>The connection of a <c>next</c> call is closed before any reply byte; nothing is handed out.</summary>
    NextConnectionClosed,

    /// <summary>A <c>next</c> reply announces more body than it sends, then the connection drops; nothing is handed out.</summary>
    NextBodyTruncated,

    /// <summary><c>next</c> answers 500 (the container is broken): the runtime must exit, and is restarted.</summary>
    NextContainerError,

    /// <summary>
    /// The connection carrying a response is cut once it arrives: the invocation fails
    /// (<c>Runtime.InjectedFault</c>) and any later report for it is refused.
    /// </summary>
    ResponseConnectionCut,
}
