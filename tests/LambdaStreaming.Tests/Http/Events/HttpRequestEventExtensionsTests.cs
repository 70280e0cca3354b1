using LambdaStreaming.Http;

namespace LambdaStreaming.Tests.Http.Events;

/// <summary>The request helpers' arguments, and which header wins when two names differ only by case.</summary>
public sealed class HttpRequestEventExtensionsTests
{
    [Fact]
    public void Every_helper_refuses_a_null_request_naming_request()
    {
        IHttpRequestEvent request = null!;

        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => request.GetBodyBytes()).ParamName);
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => request.GetBodyText()).ParamName);
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => request.GetHeader("accept")).ParamName);
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => request.GetQueryParameter("q")).ParamName);
    }

    [Fact]
    public void GetHeader_refuses_a_null_name_naming_name_whether_or_not_there_are_headers()
    {
        var withHeaders = new FunctionUrlRequest { Headers = new Dictionary<string, string> { ["accept"] = "*/*" } };
        var withoutHeaders = new FunctionUrlRequest();

        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => withHeaders.GetHeader(null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => withoutHeaders.GetHeader(null!)).ParamName);
    }

    [Fact]
    public void GetQueryParameter_refuses_a_null_name_naming_name_whether_or_not_there_is_a_query()
    {
        var withQuery = new ApiGatewayProxyRequest { QueryStringParameters = new Dictionary<string, string> { ["q"] = "1" } };
        var withoutQuery = new ApiGatewayProxyRequest();

        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => withQuery.GetQueryParameter(null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => withoutQuery.GetQueryParameter(null!)).ParamName);
    }

    [Fact]
    public void A_header_spelled_exactly_as_asked_wins_over_one_that_differs_only_by_case()
    {
        var request = new ApiGatewayProxyRequest
        {
            Headers = new Dictionary<string, string> { ["X-Name"] = "first", ["x-name"] = "exact" },
        };

        Assert.Equal("exact", request.GetHeader("x-name"));
        Assert.Equal("first", request.GetHeader("X-Name"));
        Assert.Equal("first", request.GetHeader("X-NAME"));
    }
}
