using System.Buffers;
using System.Text;
using LambdaStreaming.Transport;

namespace LambdaStreaming.RuntimeApi;

/// <summary>
/// The two Extensions API endpoints (API version 2020-01-01) an internal extension needs: <c>register</c>, and the
/// <c>event/next</c> long poll. Served by Lambda on the same address as the Runtime API.
/// </summary>
internal sealed class ExtensionsApiClient(HttpEndpoint endpoint)
{
    private static readonly HttpResponseLimits ReplyLimits = new(8 * 1024, 64 * 1024, 1024 * 1024);

    // An internal extension may not subscribe to SHUTDOWN (only external ones may); registering at all is what makes
    // Lambda send the runtime SIGTERM before it shuts the environment down.
    private static ReadOnlySpan<byte> NoEvents => """{"events":[]}"""u8;

    /// <summary>Registers an extension named <paramref name="name"/> and returns the identifier Lambda gave it.</summary>
    /// <exception cref="RuntimeApiException">Registration was refused.</exception>
    /// <exception cref="MalformedHttpResponseException">The reply is not valid HTTP or has no identifier.</exception>
    public async ValueTask<string> RegisterAsync(HttpConnection connection, string name, CancellationToken cancellationToken)
    {
        var head = new HttpRequestHeadWriter(connection.Output, "POST"u8, ExtensionsApiPaths.Register);
        head.WriteHeader(RuntimeApiHeaders.Host, endpoint.AuthorityBytes.Span);
        head.WriteHeader(ExtensionsApiHeaders.Name, name);
        head.WriteHeader(RuntimeApiHeaders.ContentType, "application/json"u8);
        head.WriteHeader(RuntimeApiHeaders.ContentLength, NoEvents.Length);
        head.End();
        connection.Output.Write(NoEvents);
        await connection.Output.FlushAsync(cancellationToken).ConfigureAwait(false);

        var identifier = new ExtensionIdentifierCollector();
        var response = await connection.ReadResponseAsync(identifier, ReplyLimits, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != 200)
        {
            throw new RuntimeApiException("extension register", response.StatusCode, Encoding.UTF8.GetString(response.Body.Span));
        }
        return identifier.Identifier
            ?? throw new MalformedHttpResponseException(HttpRejectionReason.InvalidHeaderLine, "the extension register reply has no Lambda-Extension-Identifier header");
    }

    /// <summary>Sends the extension's long poll for its next event; <see cref="ReadEventAsync"/> waits for the reply.</summary>
    public async ValueTask RequestEventAsync(HttpConnection connection, string identifier, CancellationToken cancellationToken)
    {
        var head = new HttpRequestHeadWriter(connection.Output, "GET"u8, ExtensionsApiPaths.EventNext);
        head.WriteHeader(RuntimeApiHeaders.Host, endpoint.AuthorityBytes.Span);
        head.WriteHeader(ExtensionsApiHeaders.Identifier, identifier);
        head.End();
        await connection.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for the reply to <see cref="RequestEventAsync"/>; an extension with no events never gets one until shutdown.</summary>
    public async ValueTask<HttpResponse> ReadEventAsync(HttpConnection connection, CancellationToken cancellationToken) =>
        await connection.ReadResponseAsync(null, ReplyLimits, cancellationToken).ConfigureAwait(false);
}
