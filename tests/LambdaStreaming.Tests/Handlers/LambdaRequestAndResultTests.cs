using System.Text.Json;
using LambdaStreaming.Http;

namespace LambdaStreaming.Tests.Handlers;

/// <summary>The event and result values: what a bad event's error says, and what the result helpers set.</summary>
public sealed class LambdaRequestAndResultTests
{
    [Fact]
    public void An_event_that_is_not_the_expected_JSON_names_the_type_the_path_and_the_position()
    {
        var request = new LambdaRequest("{\n  \"rawPath\": 42\n}"u8.ToArray());

        var refused = Assert.Throws<JsonException>(() => request.Deserialize(HttpEventJsonContext.Default.FunctionUrlRequest));

        Assert.StartsWith("The event is not valid JSON for FunctionUrlRequest (at $.rawPath, line 2, byte 16): ", refused.Message);
        Assert.Equal("$.rawPath", refused.Path);
        Assert.IsType<JsonException>(refused.InnerException);
    }

    [Fact]
    public void An_event_that_is_not_JSON_at_all_is_placed_at_its_first_byte()
    {
        var refused = Assert.Throws<JsonException>(() => new LambdaRequest("nope"u8.ToArray()).Deserialize(HttpEventJsonContext.Default.FunctionUrlRequest));

        Assert.Matches(@"^The event is not valid JSON for FunctionUrlRequest \(at \$, line 1, byte \d+\): ", refused.Message);
    }

    [Fact]
    public void A_JSON_null_event_says_so_and_a_missing_type_is_refused()
    {
        var request = new LambdaRequest("null"u8.ToArray());

        Assert.Equal("The event is JSON null, not a FunctionUrlRequest.", Assert.Throws<JsonException>(() => request.Deserialize(HttpEventJsonContext.Default.FunctionUrlRequest)).Message);
        Assert.Equal("typeInfo", Assert.Throws<ArgumentNullException>(() => request.Deserialize<FunctionUrlRequest>(null!)).ParamName);
    }

    [Fact]
    public void The_result_helpers_set_their_content_types()
    {
        Assert.Equal("text/plain; charset=utf-8", LambdaResult.Text("hi").ContentType);
        Assert.Equal("hi"u8.ToArray(), LambdaResult.Text("hi").Body.ToArray());
        Assert.Equal("application/octet-stream", LambdaResult.Bytes(new byte[] { 1 }).ContentType);
        var json = LambdaResult.Json("x", HttpEventJsonContext.Default.String);
        Assert.Equal("application/json", json.ContentType);
        Assert.Equal("\"x\""u8.ToArray(), json.Body.ToArray());
    }
}
