using LambdaStreaming.Transport;

namespace LambdaStreaming.Tests.Transport;

public sealed class MalformedHttpResponseExceptionTests
{
    [Fact]
    public void Carries_the_reason_in_the_property_and_the_message()
    {
        var exception = new MalformedHttpResponseException(HttpRejectionReason.BodyTooLarge, "too big");

        Assert.Equal(HttpRejectionReason.BodyTooLarge, exception.Reason);
        Assert.Equal("Malformed HTTP response (BodyTooLarge): too big", exception.Message);
        Assert.IsAssignableFrom<IOException>(exception); // callers treating I/O failures alike also catch it
    }

    [Fact]
    public async Task Detail_shows_control_characters_as_question_marks()
    {
        var exception = await Assert.ThrowsAsync<MalformedHttpResponseException>(
            () => TransportTestUtil.ReadResponseAsync("HTTP/1.1 2\u00010 OK\r\nContent-Length: 0\r\n\r\n"));

        Assert.Contains("'HTTP/1.1 2?0 OK'", exception.Message);
    }
}
