using System.Text.Json;
using LambdaStreaming.Http;

namespace LambdaStreaming.Tests.Http.Events;

/// <summary>What the request events read as when the front leaves a member out.</summary>
public sealed class HttpEventDefaultsTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("""{"resource":"/{proxy+}","requestContext":{}}""")]
    public void An_API_Gateway_event_without_path_or_method_reads_as_GET_on_the_root(string json)
    {
        var request = JsonSerializer.Deserialize(json, HttpEventJsonContext.Default.ApiGatewayProxyRequest)!;

        Assert.Equal("/", request.Path);
        Assert.Equal("GET", request.HttpMethod);
        IHttpRequestEvent shared = request;
        Assert.Equal(("GET", "/"), (shared.Method, shared.Path));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"requestContext":{}}""")]
    [InlineData("""{"requestContext":{"http":{}}}""")]
    public void A_Function_URL_event_without_path_query_or_request_line_reads_as_GET_on_the_root_with_no_query(string json)
    {
        var request = JsonSerializer.Deserialize(json, HttpEventJsonContext.Default.FunctionUrlRequest)!;

        Assert.Equal("/", request.RawPath);
        Assert.Equal("", request.RawQueryString);
        Assert.Equal("GET", request.RequestContext.Http.Method);
        Assert.Equal("/", request.RequestContext.Http.Path);
        IHttpRequestEvent shared = request;
        Assert.Equal(("GET", "/"), (shared.Method, shared.Path));
    }
}
