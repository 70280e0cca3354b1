using System.Net;
using System.Text;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Http;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// The library's event models read the events the emulator's fronts build (two independent implementations of the
/// same AWS shapes), and the library's HTTP results come back out of the front as real HTTP.
/// </summary>
public sealed class FrontDoorEventTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task A_Function_URL_request_reaches_a_typed_handler_and_its_result_becomes_the_HTTP_response()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, HandlerShapes.Http(
            HttpEventJsonContext.Default.FunctionUrlRequest,
            (request, context) => Task.FromResult(
                HttpResult.Text($"{request.Method} {request.RawPath} q={request.GetQueryParameter("q")} h={request.GetHeader("X-Test")} cookies={string.Join('|', request.Cookies ?? [])} body={Convert.ToHexString(request.GetBodyBytes())}", 202)
                    .WithHeader("x-handled-by", "typed")
                    .WithCookie("session=abc; HttpOnly"))));

        var content = new ByteArrayContent([0x00, 0xFF, 0x7F]);
        content.Headers.ContentType = new("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(emulator.HttpAddress, "items/7?q=a%20b")) { Content = content };
        request.Headers.Add("X-Test", "yes");
        request.Headers.Add("Cookie", "a=1; b=2");
        using var response = await Http.SendAsync(request).WithGuard();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("typed", response.Headers.GetValues("x-handled-by").Single());
        Assert.Equal("session=abc; HttpOnly", response.Headers.GetValues("Set-Cookie").Single());
        Assert.Equal("PUT /items/7 q=a b h=yes cookies=a=1|b=2 body=00FF7F", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_REST_API_request_reaches_a_typed_handler()
    {
        await using var emulator = await EmulatorFixture.StartAsync(front: FrontKind.RestApi);
        await using var runtime = RuntimeUnderTest.Start(emulator.RuntimeApiAddress, HandlerShapes.Http(
            HttpEventJsonContext.Default.ApiGatewayProxyRequest,
            (request, context) => Task.FromResult(HttpResult.Text(
                $"{request.HttpMethod} {request.Path} stage={request.RequestContext.Stage} tags={string.Join('|', request.MultiValueQueryStringParameters!["tag"])} body={request.GetBodyText()}"))));

        using var response = await Http.PostAsync(new Uri(emulator.HttpAddress, "hello?tag=x&tag=y"), new StringContent("héllo", Encoding.UTF8, "text/plain")).WithGuard();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST /hello stage=local tags=x|y body=héllo", await response.Content.ReadAsStringAsync());
    }
}
