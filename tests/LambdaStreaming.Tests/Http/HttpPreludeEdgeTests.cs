using System.Buffers;
using System.Text.Json;
using LambdaStreaming.Http;

namespace LambdaStreaming.Tests.Http;

/// <summary>
/// The prelude at its edges: the status code bounds, null arguments, the exact refusals, and the optional parts
/// (<c>multiValueHeaders</c>, <c>cookies</c>) present exactly when there is something in them. The JSON is read back
/// with <see cref="JsonDocument"/>.
/// </summary>
public sealed class HttpPreludeEdgeTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(598)]
    [InlineData(599)]
    public void Status_codes_from_100_to_599_are_sent(int statusCode)
    {
        var prelude = new HttpResponsePrelude { StatusCode = statusCode };

        HttpPreludeWriter.Validate(prelude);

        Assert.Equal(statusCode, Write(prelude).GetProperty("statusCode").GetInt32());
    }

    [Theory]
    [InlineData(99)]
    [InlineData(600)]
    [InlineData(0)]
    [InlineData(-200)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public async Task Status_codes_outside_100_to_599_are_refused_naming_StatusCode_before_anything_is_written(int statusCode)
    {
        var control = new PipeResponseControl();

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => control.Stream.StartHttpResponse(statusCode));

        Assert.Equal("StatusCode", refused.ParamName);
        Assert.Equal(statusCode, refused.ActualValue);
        Assert.Equal("application/octet-stream", control.ContentType);
        Assert.Empty(await control.ReadAllAsync());
    }

    [Fact]
    public async Task A_null_prelude_is_refused_naming_prelude_before_anything_is_written()
    {
        var control = new PipeResponseControl();

        var refused = Assert.Throws<ArgumentNullException>(() => control.Stream.StartHttpResponse(null!));

        Assert.Equal("prelude", refused.ParamName);
        Assert.Equal("application/octet-stream", control.ContentType);
        Assert.Empty(await control.ReadAllAsync());
    }

    [Fact]
    public void A_null_response_is_refused_naming_response_by_every_StartHttpResponse()
    {
        var withPrelude = Assert.Throws<ArgumentNullException>(() => ((ResponseStream)null!).StartHttpResponse(new HttpResponsePrelude()));
        var withStatus = Assert.Throws<ArgumentNullException>(() => ((ResponseStream)null!).StartHttpResponse(200));

        Assert.Equal("response", withPrelude.ParamName);
        Assert.Equal("response", withStatus.ParamName);
    }

    [Fact]
    public async Task A_null_result_is_refused_naming_result_before_anything_is_written()
    {
        var control = new PipeResponseControl();

        var refused = await Assert.ThrowsAsync<ArgumentNullException>(() => control.Stream.WriteHttpResultAsync(null!));

        Assert.Equal("result", refused.ParamName);
        Assert.Equal("application/octet-stream", control.ContentType);
        Assert.Empty(await control.ReadAllAsync());
    }

    [Fact]
    public void A_header_with_a_null_value_is_refused_with_a_message_naming_it()
    {
        var prelude = new HttpResponsePrelude();
        prelude.Headers["x-null"] = null!;

        var refused = Assert.Throws<ArgumentException>(() => HttpPreludeWriter.Validate(prelude));

        Assert.Equal("prelude", refused.ParamName);
        Assert.Equal("Header 'x-null' has a null value. (Parameter 'prelude')", refused.Message);
    }

    [Fact]
    public void A_multi_value_header_with_a_null_value_is_refused_with_a_message_naming_it()
    {
        var prelude = new HttpResponsePrelude();
        prelude.MultiValueHeaders["x-multi"] = ["fine", null!];

        var refused = Assert.Throws<ArgumentException>(() => HttpPreludeWriter.Validate(prelude));

        Assert.Equal("prelude", refused.ParamName);
        Assert.Equal("Header 'x-multi' has a null value. (Parameter 'prelude')", refused.Message);
    }

    [Theory]
    [InlineData("x-evil", "v\r\nset-cookie: forged=1")]
    [InlineData("x-evil", "v\nx")]
    [InlineData("x-evil", "v\0")]
    [InlineData("x-evil", "caf\u00e9")]
    public void A_multi_value_header_value_that_could_change_the_framing_is_refused(string name, string value)
    {
        var prelude = new HttpResponsePrelude();
        prelude.MultiValueHeaders[name] = ["fine", value];

        var refused = Assert.Throws<ArgumentException>(() => HttpPreludeWriter.Validate(prelude));

        Assert.Equal("prelude", refused.ParamName);
        Assert.Equal($"The value of header '{name}' contains CR, LF, NUL, another control character or a non-ASCII character, which could change the framing of the response. (Parameter 'prelude')", refused.Message);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("bad\r\nname")]
    [InlineData("")]
    public void A_multi_value_header_name_that_is_not_a_token_is_refused(string name)
    {
        var prelude = new HttpResponsePrelude();
        prelude.MultiValueHeaders[name] = ["fine"];

        var refused = Assert.Throws<ArgumentException>(() => HttpPreludeWriter.Validate(prelude));

        Assert.Equal("prelude", refused.ParamName);
        Assert.Equal($"'{name}' is not a valid HTTP header name. (Parameter 'prelude')", refused.Message);
    }

    [Theory]
    [InlineData("a=1\r\nset-cookie: forged=1")]
    [InlineData("a=\u00e9")]
    [InlineData(null)]
    public void A_cookie_that_is_null_or_could_forge_a_header_is_refused_with_a_message_saying_why(string? cookie)
    {
        var prelude = new HttpResponsePrelude();
        prelude.Cookies.Add("fine=1");
        prelude.Cookies.Add(cookie!);

        var refused = Assert.Throws<ArgumentException>(() => HttpPreludeWriter.Validate(prelude));

        Assert.Equal("prelude", refused.ParamName);
        Assert.Equal("A cookie is null or contains CR, LF, NUL, another control character or a non-ASCII character, which could add a forged header or be refused. (Parameter 'prelude')", refused.Message);
    }

    [Fact]
    public void Multi_value_headers_are_sent_as_arrays_between_the_headers_and_the_cookies()
    {
        var prelude = new HttpResponsePrelude { StatusCode = 207 };
        prelude.Headers["content-type"] = "text/plain";
        prelude.MultiValueHeaders["x-multi"] = ["a", "b, c", ""];
        prelude.MultiValueHeaders["x-one"] = ["d"];
        prelude.MultiValueHeaders["x-none"] = [];
        prelude.Cookies.Add("session=1");
        HttpPreludeWriter.Validate(prelude);

        var json = Write(prelude);

        Assert.Equal(["statusCode", "headers", "multiValueHeaders", "cookies"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(207, json.GetProperty("statusCode").GetInt32());
        Assert.Equal("text/plain", json.GetProperty("headers").GetProperty("content-type").GetString());
        var multi = json.GetProperty("multiValueHeaders");
        Assert.Equal(["x-multi", "x-one", "x-none"], multi.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["a", "b, c", ""], multi.GetProperty("x-multi").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["d"], multi.GetProperty("x-one").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(JsonValueKind.Array, multi.GetProperty("x-none").ValueKind);
        Assert.Equal(0, multi.GetProperty("x-none").GetArrayLength());
        Assert.Equal(["session=1"], json.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void Multi_value_headers_without_cookies_close_the_document()
    {
        var prelude = new HttpResponsePrelude();
        prelude.MultiValueHeaders["x-multi"] = ["a", "b"];

        var json = Write(prelude);

        Assert.Equal(["statusCode", "headers", "multiValueHeaders"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["a", "b"], json.GetProperty("multiValueHeaders").GetProperty("x-multi").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Without_multi_value_headers_or_cookies_the_prelude_has_neither_member()
    {
        var prelude = new HttpResponsePrelude();
        prelude.Headers["content-type"] = "text/plain";

        var json = Write(prelude);

        Assert.Equal(["statusCode", "headers"], json.EnumerateObject().Select(p => p.Name));
        Assert.False(json.TryGetProperty("cookies", out _));
        Assert.False(json.TryGetProperty("multiValueHeaders", out _));
    }

    [Fact]
    public async Task A_result_with_multi_value_headers_sends_them_in_its_prelude()
    {
        var control = new PipeResponseControl();
        var result = HttpResult.Text("body");
        result.Prelude.MultiValueHeaders["x-multi"] = ["a", "b"];

        await control.Stream.WriteHttpResultAsync(result);

        var (prelude, body) = HttpResponsePreludeTests.SplitPrelude(await control.ReadAllAsync());
        Assert.Equal(["a", "b"], prelude.GetProperty("multiValueHeaders").GetProperty("x-multi").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("body"u8.ToArray(), body);
    }

    /// <summary>Writes the prelude and returns its JSON, checking the eight-NUL delimiter behind it.</summary>
    private static JsonElement Write(HttpResponsePrelude prelude)
    {
        var output = new ArrayBufferWriter<byte>();
        HttpPreludeWriter.Write(output, prelude);
        var bytes = output.WrittenSpan;
        Assert.True(bytes[^8..].SequenceEqual(new byte[8]));
        Assert.Equal(-1, bytes[..^8].IndexOf((byte)0));
        return JsonDocument.Parse(bytes[..^8].ToArray()).RootElement;
    }
}
