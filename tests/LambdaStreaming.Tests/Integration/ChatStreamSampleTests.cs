using System.ClientModel;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using LambdaStreaming.Emulator;
using LambdaStreaming.Tests.Support;
using OpenAI;
using OpenAI.Chat;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// <c>samples/ChatStream</c> as a real process behind the emulator's Function URL front, called by OpenAI's official
/// .NET client, unchanged but for its endpoint; and the sample backed by an OpenAI-compatible service (a local stub)
/// through Microsoft.Extensions.AI.OpenAI.
/// </summary>
public sealed class ChatStreamSampleTests
{
    // The stand-in's answer, as samples/ChatStream/StandInChatClient.cs has it (the sample is built, not referenced).
    private const string CannedAnswer = "This is the stand-in model of the ChatStream sample: it streams a canned answer word by word, so you can watch tokens arrive.";
    private const int WordDelayMs = 40;
    private static readonly HttpClient Http = new();

    private static Task<EmulatorHost> StartSampleAsync(IDictionary<string, string>? environment = null) =>
        EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("ChatStream"),
            environment: environment ?? new Dictionary<string, string> { ["CHATSTREAM_STANDIN_DELAY_MS"] = WordDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static ChatClient OpenAIClient(EmulatorHost emulator, string model = "standin") =>
        new(model, new ApiKeyCredential("not-checked"), new OpenAIClientOptions { Endpoint = new Uri(emulator.HttpAddress, "v1/") });

    [Fact]
    public async Task OpenAIs_client_reads_the_streamed_completion_token_by_token_as_the_tokens_are_made()
    {
        await using var emulator = await StartSampleAsync();
        var client = OpenAIClient(emulator);

        var tokens = new List<(string Text, long At)>();
        ChatFinishReason? finishReason = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Say something.")]).WithCancellation(new CancellationTokenSource(TestTimeouts.Guard).Token))
        {
            foreach (var part in update.ContentUpdate)
            {
                tokens.Add((part.Text, Stopwatch.GetTimestamp()));
            }
            finishReason ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(CannedAnswer, string.Concat(tokens.Select(t => t.Text)));
        var words = CannedAnswer.Split(' ');
        Assert.Equal(words.Length, tokens.Count);
        Assert.Equal(ChatFinishReason.Stop, finishReason);
        // OpenAI's client asks for the usage chunk (stream_options.include_usage), and the stand-in reports its counts.
        Assert.Equal(CannedAnswer.Split(' ').Length, usage?.OutputTokenCount);
        // Streamed as made: the stand-in pauses before each word, so a streamed answer's first token reaches the client
        // long before the function has finished (the emulator, in this process, timed the function's last byte); a
        // buffered one would arrive after it.
        var record = Assert.Single(await emulator.Ledger.WaitForCompletedAsync(1).WithGuard());
        var lead = Stopwatch.GetElapsedTime(tokens[0].At, record.EndTimestamp);
        Assert.True(lead > TimeSpan.FromMilliseconds(WordDelayMs * 5), $"the first token arrived {lead.TotalMilliseconds:F0} ms before the function's last byte");
    }

    [Fact]
    public async Task A_whole_completion_and_the_usage_come_back_as_OpenAIs_client_reads_them()
    {
        await using var emulator = await StartSampleAsync();
        var client = OpenAIClient(emulator);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Say something.")]).WithGuard();

        Assert.Equal(CannedAnswer, completion.Content.Single().Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(CannedAnswer.Split(' ').Length, completion.Usage.OutputTokenCount);
        Assert.Equal("standin", completion.Model);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_and_a_malformed_request_a_400_in_OpenAIs_error_shape()
    {
        await using var emulator = await StartSampleAsync();

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => OpenAIClient(emulator, "gpt-9").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(404, refused.Status);
        Assert.Contains("The model 'gpt-9' does not exist", refused.Message);

        foreach (var (body, param) in new[] { ("not json", (string?)null), ("""{"model":"standin"}""", "messages"), ("""{"model":"standin","messages":[{"role":"robot","content":"x"}]}""", "messages[0].role") })
        {
            using var reply = await Http.PostAsync(new Uri(emulator.HttpAddress, "v1/chat/completions"), new StringContent(body, Encoding.UTF8, "application/json")).WithGuard();
            Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
            Assert.Equal("application/json", reply.Content.Headers.ContentType?.MediaType);
            var error = JsonDocument.Parse(await reply.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.Equal(param, error.GetProperty("param").GetString());
        }
    }

    [Fact]
    public async Task Backed_by_an_OpenAI_compatible_service_the_answer_streams_through_Microsoft_Extensions_AI()
    {
        string[] tokens = ["Stub", " says", " hello", "."];
        await using var upstream = await OpenAIStub.StartAsync(tokens);
        await using var emulator = await StartSampleAsync(new Dictionary<string, string>
        {
            ["CHATSTREAM_PROVIDER"] = "openai",
            ["CHATSTREAM_MODELS"] = "stub-model",
            ["OPENAI_BASE_URL"] = upstream.BaseAddress.ToString(),
            ["OPENAI_API_KEY"] = "sk-test",
        });

        var received = new List<string>();
        await foreach (var update in OpenAIClient(emulator, "stub-model").CompleteChatStreamingAsync([new SystemChatMessage("Be brief."), new UserChatMessage("Greet me.")]))
        {
            received.AddRange(update.ContentUpdate.Select(part => part.Text));
        }

        Assert.Equal(tokens, received);
        var (authorization, body) = Assert.Single(upstream.Requests);
        Assert.Equal("Bearer sk-test", authorization);
        Assert.Equal("stub-model", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.Equal(["system:Be brief.", "user:Greet me."], body.GetProperty("messages").EnumerateArray().Select(m => $"{m.GetProperty("role").GetString()}:{Text(m.GetProperty("content"))}"));
    }

    [Fact]
    public async Task A_model_that_fails_after_the_first_token_ends_the_stream_with_an_error_the_OpenAI_client_raises()
    {
        // The upstream fails once the client holds the first token: an abort would otherwise race its delivery.
        var firstTokenReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await OpenAIStub.StartAsync(["First", " never"], failAfterFirstToken: firstTokenReceived.Task);
        await using var emulator = await StartSampleAsync(new Dictionary<string, string>
        {
            ["CHATSTREAM_PROVIDER"] = "openai",
            ["CHATSTREAM_MODELS"] = "stub-model",
            ["OPENAI_BASE_URL"] = upstream.BaseAddress.ToString(),
            ["OPENAI_API_KEY"] = "sk-test",
        });

        var received = new List<string>();
        var failure = await Record.ExceptionAsync(async () =>
        {
            await foreach (var update in OpenAIClient(emulator, "stub-model").CompleteChatStreamingAsync([new UserChatMessage("Greet me.")]))
            {
                received.AddRange(update.ContentUpdate.Select(part => part.Text));
                if (received.Count > 0)
                {
                    firstTokenReceived.TrySetResult();
                }
            }
        }).WithGuard();

        Assert.Equal(["First"], received);
        Assert.NotNull(failure);
        // What OpenAI's client raises for the stream's end: the error event, or the cut connection behind it.
        // Lambda cuts a Function URL stream that ends with error trailers, and the emulator does too: OpenAI's client
        // raises the reset connection (whether or not it read the error event before it).
        Assert.IsType<IOException>(failure);
        var record = Assert.Single(await emulator.Ledger.WaitForCompletedAsync(1).WithGuard());
        Assert.Equal(Emulator.Ledger.InvocationOutcome.StreamError, record.Outcome);
        Assert.Contains("data: {\"error\":{\"message\":\"The model's answer failed before it was complete.\",\"type\":\"server_error\"", Encoding.UTF8.GetString(record.ResponseBody.Span));
        Assert.DoesNotContain("[DONE]", Encoding.UTF8.GetString(record.ResponseBody.Span));
    }

    private static string Text(JsonElement content) =>
        content.ValueKind == JsonValueKind.String ? content.GetString()! : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
}
