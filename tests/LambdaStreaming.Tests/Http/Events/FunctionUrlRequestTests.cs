using System.Text;
using System.Text.Json;
using LambdaStreaming.Http;

namespace LambdaStreaming.Tests.Http.Events;

public sealed class FunctionUrlRequestTests
{
    // The request payload documented for Lambda Function URLs (payload format 2.0), with an IAM authorizer.
    private const string DocumentedEvent = """
        {
          "version": "2.0",
          "routeKey": "$default",
          "rawPath": "/my/path",
          "rawQueryString": "parameter1=value1&parameter1=value2&parameter2=value",
          "cookies": ["cookie1", "cookie2"],
          "headers": { "header1": "value1", "header2": "value1,value2", "user-agent": "agent" },
          "queryStringParameters": { "parameter1": "value1,value2", "parameter2": "value" },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "authentication": null,
            "authorizer": {
              "iam": {
                "accessKey": "AKIA0000EXAMPLE",
                "accountId": "111122223333",
                "callerId": "AIDA0000EXAMPLE",
                "cognitoIdentity": null,
                "principalOrgId": null,
                "userArn": "arn:aws:iam::111122223333:user/example-user",
                "userId": "AIDA0000EXAMPLE"
              }
            },
            "domainName": "abc123.lambda-url.us-west-2.on.aws",
            "domainPrefix": "abc123",
            "http": { "method": "POST", "path": "/my/path", "protocol": "HTTP/1.1", "sourceIp": "123.123.123.123", "userAgent": "agent" },
            "requestId": "id",
            "routeKey": "$default",
            "stage": "$default",
            "time": "12/Mar/2020:19:03:58 +0000",
            "timeEpoch": 1583348638390
          },
          "body": "Hello from client!",
          "pathParameters": null,
          "isBase64Encoded": false,
          "stageVariables": null
        }
        """;

    private static FunctionUrlRequest Parse(string json) =>
        JsonSerializer.Deserialize(json, HttpEventJsonContext.Default.FunctionUrlRequest)!;

    [Fact]
    public void The_documented_event_is_read_field_by_field()
    {
        var request = Parse(DocumentedEvent);

        Assert.Equal("2.0", request.Version);
        Assert.Equal("$default", request.RouteKey);
        Assert.Equal("/my/path", request.RawPath);
        Assert.Equal("parameter1=value1&parameter1=value2&parameter2=value", request.RawQueryString);
        Assert.Equal(["cookie1", "cookie2"], request.Cookies!);
        Assert.Equal("value1,value2", request.Headers!["header2"]);
        Assert.Equal("value1,value2", request.QueryStringParameters!["parameter1"]);
        Assert.Equal("POST", request.RequestContext.Http.Method);
        Assert.Equal("/my/path", request.RequestContext.Http.Path);
        Assert.Equal("HTTP/1.1", request.RequestContext.Http.Protocol);
        Assert.Equal("123.123.123.123", request.RequestContext.Http.SourceIp);
        Assert.Equal("agent", request.RequestContext.Http.UserAgent);
        Assert.Equal("abc123.lambda-url.us-west-2.on.aws", request.RequestContext.DomainName);
        Assert.Equal(1583348638390, request.RequestContext.TimeEpoch);
        Assert.Equal("arn:aws:iam::111122223333:user/example-user", request.RequestContext.Authorizer!.Iam!.UserArn);
        Assert.Equal("Hello from client!", request.Body);
        Assert.False(request.IsBase64Encoded);
        Assert.Null(request.PathParameters);
    }

    [Fact]
    public void Method_and_path_come_from_the_request_line()
    {
        IHttpRequestEvent request = Parse(DocumentedEvent);

        Assert.Equal("POST", request.Method);
        Assert.Equal("/my/path", request.Path);
    }

    [Fact]
    public void A_base64_body_is_decoded_to_the_original_bytes()
    {
        byte[] original = [0x00, 0xFF, 0x10, 0x80, (byte)'\n'];
        var request = Parse($$$"""{"rawPath":"/","requestContext":{"http":{"method":"PUT"}},"body":"{{{Convert.ToBase64String(original)}}}","isBase64Encoded":true}""");

        Assert.Equal(original, request.GetBodyBytes());
    }

    [Fact]
    public void A_base64_text_body_is_decoded_as_UTF8()
    {
        var request = Parse($$"""{"body":"{{Convert.ToBase64String(Encoding.UTF8.GetBytes("héllo ✓"))}}","isBase64Encoded":true}""");

        Assert.Equal("héllo ✓", request.GetBodyText());
    }

    [Fact]
    public void A_plain_body_is_returned_as_is_and_as_its_UTF8_bytes()
    {
        var request = Parse(DocumentedEvent);

        Assert.Equal("Hello from client!", request.GetBodyText());
        Assert.Equal(Encoding.UTF8.GetBytes("Hello from client!"), request.GetBodyBytes());
    }

    [Fact]
    public void No_body_reads_as_empty()
    {
        var request = Parse("""{"rawPath":"/"}""");

        Assert.Equal("", request.GetBodyText());
        Assert.Empty(request.GetBodyBytes());
    }

    [Fact]
    public void A_body_that_claims_base64_but_is_not_fails_clearly()
    {
        var request = Parse("""{"body":"not base64!","isBase64Encoded":true}""");

        Assert.Throws<FormatException>(() => request.GetBodyBytes());
    }

    [Theory]
    [InlineData("header1")]
    [InlineData("HEADER1")]
    [InlineData("Header1")]
    public void Headers_are_found_whatever_the_case_of_the_name(string name)
    {
        Assert.Equal("value1", Parse(DocumentedEvent).GetHeader(name));
    }

    [Fact]
    public void Missing_headers_and_query_parameters_are_null()
    {
        var request = Parse(DocumentedEvent);

        Assert.Null(request.GetHeader("x-missing"));
        Assert.Null(request.GetQueryParameter("missing"));
        Assert.Null(Parse("{}").GetHeader("header1"));
        Assert.Null(Parse("{}").GetQueryParameter("parameter2"));
    }

    [Fact]
    public void Query_parameters_are_case_sensitive()
    {
        var request = Parse(DocumentedEvent);

        Assert.Equal("value", request.GetQueryParameter("parameter2"));
        Assert.Null(request.GetQueryParameter("PARAMETER2"));
    }
}
