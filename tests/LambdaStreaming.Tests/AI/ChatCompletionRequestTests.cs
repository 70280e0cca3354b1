using System.Text;
using LambdaStreaming.AI;
using Microsoft.Extensions.AI;

namespace LambdaStreaming.Tests.AI;

public sealed class ChatCompletionRequestTests
{
    [Fact]
    public void A_request_reads_into_messages_and_options()
    {
        var request = Parse("""
            {"model":"gpt-x","stream":true,"stream_options":{"include_usage":true},"temperature":0.5,"max_tokens":64,"stop":"END","seed":7,
             "messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":[{"type":"text","text":"Hi "},{"type":"text","text":"there"}]},{"role":"assistant","content":null}]}
            """);

        Assert.Equal("gpt-x", request.Model);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant], request.Messages.Select(m => m.Role));
        Assert.Equal(["Be brief.", "Hi there", ""], request.Messages.Select(m => m.Text));
        Assert.Equal(("gpt-x", 0.5f, 64, 7L), (request.Options.ModelId, request.Options.Temperature, request.Options.MaxOutputTokens, request.Options.Seed));
        Assert.Equal(["END"], request.Options.StopSequences!);
    }

    [Theory]
    [InlineData("not json", null, "not valid JSON")]
    [InlineData("[1]", null, "must be a JSON object")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}]}""", "model", "'model' is a required property")]
    [InlineData("""{"model":"m"}""", "messages", "'messages' is a required property")]
    [InlineData("""{"model":"m","messages":[]}""", "messages", "'messages' is a required property")]
    [InlineData("""{"model":"m","messages":[{"role":"wizard","content":"x"}]}""", "messages[0].role", "'wizard': it must be one of")]
    [InlineData("""{"model":"m","messages":[{"content":"x"}]}""", "messages[0].role", "is missing")]
    [InlineData("""{"model":"m","messages":[{"role":"user"}]}""", "messages[0].content", "is required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url"}]}]}""", "messages[0].content", "only text is supported")]
    [InlineData("""{"model":"m","messages":[{"role":"tool","content":"42","tool_call_id":"c1"}]}""", "messages[0].role", "'tool' is not supported")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c1"}]}]}""", "messages[0].tool_calls", "not supported")]
    [InlineData("""{"model":"m","tools":[{"type":"function"}],"messages":[{"role":"user","content":"x"}]}""", "tools", "'tools' is not supported")]
    [InlineData("""{"model":"m","seed":1.5,"messages":[{"role":"user","content":"x"}]}""", "seed", "must be an integer")]
    [InlineData("""{"model":"m","temperature":1e39,"messages":[{"role":"user","content":"x"}]}""", "temperature", "out of range")]
    public void A_request_that_cannot_be_served_says_which_field_and_why(string body, string? param, string message)
    {
        var refusal = Assert.Throws<ChatCompletionRequestException>(() => Parse(body));
        Assert.Equal(param, refusal.Param);
        Assert.Contains(message, refusal.Message);
    }

    private static ChatCompletionRequest Parse(string json) => ChatCompletionRequest.Parse(Encoding.UTF8.GetBytes(json));
}
