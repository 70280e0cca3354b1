using System.Net.Sockets;
using LambdaStreaming.RuntimeApi;
using LambdaStreaming.Transport;

namespace LambdaStreaming.InvocationLoop;

/// <summary>How the loop tells the Runtime API's faults apart, and how it words them in log lines.</summary>
internal static class RuntimeApiFaults
{
    /// <summary>
    /// Whether a failed call leaves the runtime able to go on with a new connection: the socket failed or closed
    /// (<see cref="IOException"/>, including a malformed reply; <see cref="SocketException"/>;
    /// <see cref="ObjectDisposedException"/>), or the Runtime API refused the call (4xx). A container error (5xx) is
    /// not: Lambda must replace the environment.
    /// </summary>
    public static bool CanRetryOnNewConnection(Exception ex) =>
        ex is IOException or SocketException or ObjectDisposedException || ex is RuntimeApiException { IsFatal: false };

    public static string Describe(Exception ex) => ex switch
    {
        MalformedHttpResponseException m => m.Message,
        SocketException s => $"socket error {s.SocketErrorCode}: {s.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    public static string NoAnswerMessage(string what) =>
        $"The Runtime API did not answer the {what} before the invocation's deadline; closing that connection and polling again.";
}
