using System.IO.Pipelines;
using System.Net;
using System.Security.Claims;
using LambdaStreaming.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace LambdaStreaming.AspNetCore;

/// <summary>
/// One invocation as ASP.NET Core sees one request: every feature its <c>HttpContext</c> reads, in one object (as
/// Kestrel's connection does). The response starts (its status and headers go into the HTTP prelude) at the first
/// flush, <c>StartAsync</c>, or completion; the body then goes to the runtime's pipe.
/// </summary>
internal sealed class InvocationFeatures :
    IHttpRequestFeature,
    IHttpResponseFeature,
    IHttpResponseBodyFeature,
    IHttpConnectionFeature,
    IHttpRequestIdentifierFeature,
    IHttpRequestLifetimeFeature,
    IHttpAuthenticationFeature,
    IHttpRequestBodyDetectionFeature,
    IHttpBodyControlFeature,
    ILambdaContextFeature
{
    private readonly ResponseStream _response;
    private readonly LambdaEventSource _source;
    private readonly LambdaResponseMode _mode;
    private readonly PipeWriter _bodyWriter;
    private readonly BufferedBody? _buffered;
    private Stream? _bodyStream;
    private List<(Func<object, Task> Callback, object State)>? _onStarting;
    private List<(Func<object, Task> Callback, object State)>? _onCompleted;
    private bool _started;
    private bool _starting;

    public InvocationFeatures(ResponseStream response, ILambdaContext context, LambdaEventSource source, LambdaResponseMode mode)
    {
        _response = response;
        _source = source;
        _mode = mode;
        Context = context;
        TraceIdentifier = context.AwsRequestId;
        RequestAborted = context.CancellationToken;
        if (mode == LambdaResponseMode.Buffered)
        {
            _buffered = new BufferedBody();
            _bodyWriter = new StartingPipeWriter(this, _buffered);
        }
        else
        {
            _bodyWriter = new StartingPipeWriter(this, response);
        }
    }

    public FeatureCollection ToFeatureCollection()
    {
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(this);
        features.Set<IHttpResponseFeature>(this);
        features.Set<IHttpResponseBodyFeature>(this);
        features.Set<IHttpConnectionFeature>(this);
        features.Set<IHttpRequestIdentifierFeature>(this);
        features.Set<IHttpRequestLifetimeFeature>(this);
        features.Set<IHttpAuthenticationFeature>(this);
        features.Set<IHttpRequestBodyDetectionFeature>(this);
        features.Set<IHttpBodyControlFeature>(this);
        features.Set<ILambdaContextFeature>(this);
        return features;
    }

    // Request.

    public string Protocol { get; set; } = "HTTP/1.1";

    public string Scheme { get; set; } = "https";

    public string Method { get; set; } = "GET";

    public string PathBase { get; set; } = "";

    public string Path { get; set; } = "/";

    public string QueryString { get; set; } = "";

    public string RawTarget { get; set; } = "/";

    public IHeaderDictionary RequestHeaders { get; set; } = new HeaderDictionary();

    IHeaderDictionary IHttpRequestFeature.Headers
    {
        get => RequestHeaders;
        set => RequestHeaders = value;
    }

    Stream IHttpRequestFeature.Body { get; set; } = Stream.Null;

    public bool CanHaveBody { get; private set; }

    public void SetRequestBody(byte[] body)
    {
        ((IHttpRequestFeature)this).Body = body.Length == 0 ? Stream.Null : new MemoryStream(body, writable: false);
        CanHaveBody = body.Length > 0;
        if (body.Length > 0 && !RequestHeaders.ContainsKey("Content-Length") && !RequestHeaders.ContainsKey("Transfer-Encoding"))
        {
            RequestHeaders.ContentLength = body.Length;
        }
    }

    // Connection, identity, lifetime.

    public string ConnectionId { get; set; } = "";

    public IPAddress? RemoteIpAddress { get; set; }

    public IPAddress? LocalIpAddress { get; set; }

    public int RemotePort { get; set; }

    public int LocalPort { get; set; }

    public string TraceIdentifier { get; set; }

    /// <summary>The invocation's deadline token: Lambda does not report a client that went away.</summary>
    public CancellationToken RequestAborted { get; set; }

    public void Abort() => throw new NotSupportedException("A Lambda invocation cannot be aborted: its response ends when the request delegate returns or throws.");

    public ClaimsPrincipal? User { get; set; }

    public bool AllowSynchronousIO { get; set; }

    public ILambdaContext Context { get; }

    // Response.

    public int StatusCode { get; set; } = 200;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary ResponseHeaders { get; set; } = new HeaderDictionary();

    IHeaderDictionary IHttpResponseFeature.Headers
    {
        get => ResponseHeaders;
        set => ResponseHeaders = value;
    }

    Stream IHttpResponseFeature.Body
    {
        get => Stream;
        set => throw new NotSupportedException("Replace the response body through IHttpResponseBodyFeature, as ASP.NET Core's middleware does.");
    }

    public bool HasStarted => _started;

    public Stream Stream => _bodyStream ??= new StartingBodyStream(this, _bodyWriter);

    public PipeWriter Writer => _bodyWriter;

    public bool IsBuffered => _mode == LambdaResponseMode.Buffered;

    public void OnStarting(Func<object, Task> callback, object state)
    {
        if (_started)
        {
            throw new InvalidOperationException("The response has already started.");
        }
        (_onStarting ??= []).Add((callback, state));
    }

    public void OnCompleted(Func<object, Task> callback, object state) => (_onCompleted ??= []).Add((callback, state));

    public void DisableBuffering()
    {
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _started ? Task.CompletedTask : StartCoreAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        file.Seek(offset, SeekOrigin.Begin);
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var remaining = count ?? (file.Length - offset);
        while (remaining > 0)
        {
            var memory = _bodyWriter.GetMemory((int)Math.Min(remaining, 64 * 1024));
            var read = await file.ReadAsync(memory[..(int)Math.Min(remaining, memory.Length)], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            _bodyWriter.Advance(read);
            remaining -= read;
            await _bodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task CompleteAsync() => StartAsync();

    /// <summary>Starts without awaiting: for a <c>GetMemory</c> before the response started, which cannot wait.</summary>
    public void StartSynchronously()
    {
        if (!_started)
        {
            StartCoreAsync().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// After an exception that escaped the app before the response started: a bare 500, as Kestrel sends, with
    /// whatever the app had set cleared.
    /// </summary>
    public void ResetToServerError()
    {
        StatusCode = StatusCodes.Status500InternalServerError;
        ReasonPhrase = null;
        ResponseHeaders.Clear();
        ResponseHeaders.ContentLength = 0;
    }

    /// <summary>
    /// Ends the response once the app is done: starts it if it never did. What is still unsent leaves with the
    /// terminating chunk the runtime writes when the handler returns (one write, bounded by the report's own limit
    /// rather than the deadline token, which may already have fired).
    /// </summary>
    public async Task FinishAsync()
    {
        await StartAsync().ConfigureAwait(false);
        if (_buffered is not null)
        {
            _response.SetBufferedResult(new LambdaResult(BufferedResponseDocument.Write(_source, StatusCode, ResponseHeaders, _buffered.WrittenMemory), "application/json"));
        }
    }

    /// <summary>ASP.NET Core's completion callbacks, last registered first, as Kestrel runs them.</summary>
    public async Task FireOnCompletedAsync()
    {
        var callbacks = _onCompleted;
        if (callbacks is null)
        {
            return;
        }
        _onCompleted = null;
        for (var i = callbacks.Count - 1; i >= 0; i--)
        {
            try
            {
                await callbacks[i].Callback(callbacks[i].State).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Context.Logger.LogError(ex, $"An OnCompleted callback failed: {ex.Message}");
            }
        }
    }

    private async Task StartCoreAsync()
    {
        if (_starting)
        {
            return;
        }
        _starting = true;
        if (_onStarting is { } callbacks)
        {
            _onStarting = null;
            for (var i = callbacks.Count - 1; i >= 0; i--)
            {
                await callbacks[i].Callback(callbacks[i].State).ConfigureAwait(false);
            }
        }
        _started = true;
        if (_buffered is null)
        {
            _response.StartHttpResponse(StreamingPrelude.From(_source, StatusCode, ResponseHeaders));
        }
    }
}
