using LambdaStreaming.Transport;

namespace LambdaStreaming.Tests.Transport;

public sealed class HttpHeaderValidationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("a\tb")]
    [InlineData(" leading and trailing ")]
    [InlineData("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")]
    public void Safe_values(string value)
    {
        Assert.True(HttpHeaderValidation.IsSafeValue(value));
    }

    [Theory]
    [InlineData("a\rb")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("\r\n")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0001b")]
    [InlineData("a\u001Fb")]
    [InlineData("caf\u00e9")]
    [InlineData("\u00a0")]
    [InlineData("\u00ff")]
    [InlineData("a\u0080b")]
    [InlineData("a\u009Fb")]
    [InlineData("a\u0100b")]
    [InlineData("\u20ac")]
    [InlineData("\ud83d\ude00")]
    public void Unsafe_values(string value)
    {
        Assert.False(HttpHeaderValidation.IsSafeValue(value));
    }

    [Theory]
    [InlineData("Content-Type")]
    [InlineData("lambda-runtime-function-error-type")]
    [InlineData("X-1!#$%&'*+-.^_`|~")]
    public void Valid_names(string name)
    {
        Assert.True(HttpHeaderValidation.IsValidName(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bad Name")]
    [InlineData("Bad:Name")]
    [InlineData("Bad\tName")]
    [InlineData("Bad\r\nName")]
    [InlineData("Bad\0")]
    [InlineData("(comment)")]
    [InlineData("a/b")]
    [InlineData("a\"b")]
    [InlineData("caf\u00e9")]
    [InlineData("a\u007Fb")]
    public void Invalid_names(string name)
    {
        Assert.False(HttpHeaderValidation.IsValidName(name));
    }

    [Fact]
    public void ThrowIfInvalid_accepts_a_valid_header()
    {
        HttpHeaderValidation.ThrowIfInvalid("Content-Type", "text/plain");
    }

    [Fact]
    public void ThrowIfInvalid_names_the_header_and_the_parameter()
    {
        var badName = Assert.Throws<ArgumentException>(() => HttpHeaderValidation.ThrowIfInvalid("Bad Name", "v"));
        var badValue = Assert.Throws<ArgumentException>(() => HttpHeaderValidation.ThrowIfInvalid("X-Good", "a\nb"));
        var withParameter = Assert.Throws<ArgumentException>(() => HttpHeaderValidation.ThrowIfInvalid("X-Good", "a\rb", "contentType"));

        Assert.Equal("name", badName.ParamName);
        Assert.Contains("'Bad Name'", badName.Message);
        Assert.Equal("value", badValue.ParamName);
        Assert.Contains("'X-Good'", badValue.Message);
        Assert.Equal("contentType", withParameter.ParamName);
    }
}
