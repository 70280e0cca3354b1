using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using LambdaStreaming.Tests.Support;
using LambdaStreaming.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LambdaStreaming.Tests.Reliability;

/// <summary>
/// What our chunked writer sends, read back by a real HTTP server (Kestrel): whatever the chunks and the trailer
/// value, Kestrel sees exactly the body written and exactly the one trailer, or the writer refuses the trailer
/// before sending a byte of it. No value can become an extra trailer or cut the body short.
/// </summary>
public sealed class ChunkedFramingKestrelTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private HttpEndpoint _endpoint = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.MapPost("/echo", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var trailers = context.Features.Get<IHttpRequestTrailersFeature>()!.Trailers;
            await context.Response.WriteAsJsonAsync(new Echo(Convert.ToHexString(body.ToArray()), trailers.ToDictionary(t => t.Key, t => t.Value.ToString())), EchoJson.Default.Echo);
        });
        await _server.StartAsync();
        var address = new Uri(_server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        _endpoint = HttpEndpoint.Parse($"127.0.0.1:{address.Port}");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Kestrel_reads_back_exactly_the_chunks_and_the_trailer_or_the_trailer_is_refused_first()
    {
        var chunks = Gen.Byte.Array[0, 300].List[0, 5];
        var values = Gen.OneOf(Rfc9110.VisibleAsciiSpaceTab, Rfc9110.Hostile);
        await Gen.Select(chunks, values).SampleAsync(async (pieces, value) =>
        {
            var (echo, refused) = await SendAsync(pieces, value).WaitAsync(TestTimeouts.OneSample);
            if (refused)
            {
                // Refused: never a value every sender may use, and nothing of it was sent.
                return !Rfc9110.IsVisibleAsciiSpaceTab(value) && echo is null;
            }

            // Accepted: a field value by RFC 9110 (checked independently of the writer's own rule), read back by
            // Kestrel exactly, the optional whitespace around it stripped. An empty value leaves Kestrel no entry.
            var expected = value.Trim(' ', '\t');
            return Rfc9110.IsFieldValue(value)
                && echo!.BodyHex == Convert.ToHexString(pieces.SelectMany(p => p).ToArray())
                && (expected.Length == 0
                    ? echo.Trailers.Count == 0 || (echo.Trailers.Count == 1 && echo.Trailers["X-Test-Trailer"] == "")
                    : echo.Trailers.Count == 1 && echo.Trailers["X-Test-Trailer"] == expected);
        }, iter: 200);
    }

    [Fact]
    public async Task Every_value_of_visible_ASCII_space_and_tab_is_accepted()
    {
        await Rfc9110.VisibleAsciiSpaceTab.SampleAsync(async value =>
        {
            var (_, refused) = await SendAsync([], value).WaitAsync(TestTimeouts.OneSample);
            return !refused;
        }, iter: 100);
    }

    private async Task<(Echo? Echo, bool Refused)> SendAsync(List<byte[]> pieces, string trailerValue)
    {
        await using var connection = await HttpConnection.ConnectAsync(_endpoint, CancellationToken.None);
        WriteHead(connection.Output, _endpoint);
        var body = new ChunkedBodyWriter(connection.Output);
        foreach (var piece in pieces)
        {
            piece.CopyTo(body.GetSpan(piece.Length));
            body.Advance(piece.Length);
            await body.FlushAsync();
        }

        try
        {
            await body.CompleteAsync([new HttpTrailer("X-Test-Trailer", trailerValue)]);
        }
        catch (ArgumentException)
        {
            return (null, true);
        }

        var response = await connection.ReadResponseAsync(null, new HttpResponseLimits(8192, 65536, 1 << 20), CancellationToken.None);
        Assert.Equal(200, response.StatusCode);
        return (JsonSerializer.Deserialize(response.Body.Span, EchoJson.Default.Echo), false);
    }

    private static void WriteHead(System.Buffers.IBufferWriter<byte> output, HttpEndpoint endpoint)
    {
        var head = new HttpRequestHeadWriter(output, "POST"u8, "/echo"u8);
        head.WriteHeader("Host"u8, endpoint.AuthorityBytes.Span);
        head.WriteHeader("Transfer-Encoding"u8, "chunked"u8);
        head.WriteHeader("Trailer"u8, "X-Test-Trailer"u8);
        head.End();
    }
}

/// <summary>What the Kestrel echo endpoint saw.</summary>
public sealed record Echo(string BodyHex, Dictionary<string, string> Trailers);

[System.Text.Json.Serialization.JsonSerializable(typeof(Echo))]
internal sealed partial class EchoJson : System.Text.Json.Serialization.JsonSerializerContext;
