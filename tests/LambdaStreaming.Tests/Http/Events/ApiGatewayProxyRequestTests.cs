using System.Text.Json;
using LambdaStreaming.Http;

namespace LambdaStreaming.Tests.Http.Events;

public sealed class ApiGatewayProxyRequestTests
{
    // The proxy integration input documented for API Gateway REST APIs (payload format 1.0), trimmed of repetition.
    private const string DocumentedEvent = """
        {
          "resource": "/{proxy+}",
          "path": "/stream",
          "httpMethod": "GET",
          "headers": { "Accept": "text/event-stream", "Header1": "value2" },
          "multiValueHeaders": { "Accept": ["text/event-stream"], "Header1": ["value1", "value2"] },
          "queryStringParameters": { "count": "3", "parameter1": "value2" },
          "multiValueQueryStringParameters": { "count": ["3"], "parameter1": ["value1", "value2"] },
          "pathParameters": { "proxy": "stream" },
          "stageVariables": null,
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "1234567890",
            "domainName": "1234567890.execute-api.us-east-1.amazonaws.com",
            "httpMethod": "GET",
            "identity": { "accountId": null, "apiKeyId": null, "sourceIp": "192.0.2.1", "user": null, "userAgent": "curl/8.0", "userArn": null },
            "path": "/prod/stream",
            "protocol": "HTTP/1.1",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "requestTime": "09/Apr/2015:12:34:56 +0000",
            "requestTimeEpoch": 1428582896000,
            "resourceId": "123456",
            "resourcePath": "/{proxy+}",
            "stage": "prod"
          },
          "body": null,
          "isBase64Encoded": false
        }
        """;

    private static ApiGatewayProxyRequest Parse(string json) =>
        JsonSerializer.Deserialize(json, HttpEventJsonContext.Default.ApiGatewayProxyRequest)!;

    [Fact]
    public void The_documented_event_is_read_field_by_field()
    {
        var request = Parse(DocumentedEvent);

        Assert.Equal("/{proxy+}", request.Resource);
        Assert.Equal("/stream", request.Path);
        Assert.Equal("GET", request.HttpMethod);
        Assert.Equal(["value1", "value2"], request.MultiValueHeaders!["Header1"]);
        Assert.Equal(["value1", "value2"], request.MultiValueQueryStringParameters!["parameter1"]);
        Assert.Equal("stream", request.PathParameters!["proxy"]);
        Assert.Null(request.StageVariables);
        Assert.Equal("192.0.2.1", request.RequestContext.Identity.SourceIp);
        Assert.Equal("curl/8.0", request.RequestContext.Identity.UserAgent);
        Assert.Equal("/prod/stream", request.RequestContext.Path);
        Assert.Equal("prod", request.RequestContext.Stage);
        Assert.Equal("/{proxy+}", request.RequestContext.ResourcePath);
        Assert.Equal(1428582896000, request.RequestContext.RequestTimeEpoch);
        Assert.Null(request.Body);
    }

    [Fact]
    public void The_shared_view_gives_method_path_headers_and_query()
    {
        IHttpRequestEvent request = Parse(DocumentedEvent);

        Assert.Equal("GET", request.Method);
        Assert.Equal("/stream", request.Path);
        Assert.Equal("text/event-stream", request.GetHeader("accept"));
        Assert.Equal("3", request.GetQueryParameter("count"));
        Assert.Equal("", request.GetBodyText());
    }

    [Fact]
    public void A_base64_body_is_decoded()
    {
        var request = Parse("""{"httpMethod":"POST","path":"/upload","body":"AAEC/w==","isBase64Encoded":true}""");

        Assert.Equal(new byte[] { 0, 1, 2, 255 }, request.GetBodyBytes());
    }
}
