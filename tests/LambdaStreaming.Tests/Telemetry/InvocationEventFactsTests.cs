using System.Text;
using LambdaStreaming.Telemetry;

namespace LambdaStreaming.Tests.Telemetry;

public sealed class InvocationEventFactsTests
{
    [Fact]
    public void A_Function_URL_event_is_HTTP_with_its_lower_case_trace_headers()
    {
        var facts = Read("""{"version":"2.0","rawPath":"/x","headers":{"host":"h","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","tracestate":"a=b"},"requestContext":{"http":{"method":"GET"}},"body":"{\"headers\":{}}"}""");
        Assert.Equal(new InvocationEventFacts(true, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "a=b"), facts);
    }

    [Fact]
    public void A_REST_event_is_HTTP_and_its_headers_match_in_any_case_even_after_the_request_context()
    {
        var facts = Read("""{"resource":"/{p+}","requestContext":{"stage":"local","nested":[1,{"a":null}]},"httpMethod":"POST","multiValueHeaders":{"traceparent":["x"]},"headers":{"TraceParent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","Trace\u0053tate":"k=v"}}""");
        Assert.True(facts.IsHttp);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", facts.TraceParent);
        Assert.Equal("k=v", facts.TraceState);
    }

    [Theory]
    [InlineData("""{"prompt":"hello","headers":{"traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}}""")]
    [InlineData("""{"httpMethod":"GET"}""")]
    [InlineData("""{"requestContext":{},"httpMethod":7}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""not json""")]
    [InlineData("""{"requestContext":{"a":""")]
    [InlineData("")]
    public void Anything_else_is_not_an_HTTP_event_and_carries_no_trace_context(string payload) =>
        Assert.Equal(default, Read(payload));

    private static InvocationEventFacts Read(string json) => InvocationEventFacts.Read(Encoding.UTF8.GetBytes(json));
}
