// An OpenAI-compatible chat endpoint on a Function URL: POST /v1/chat/completions streams the model's answer as
// chat.completion.chunk events (or answers whole with "stream": false), GET / serves a page that renders the tokens
// as they arrive. The model is whatever IChatClient the configuration names: a deterministic stand-in by default,
// or any OpenAI-compatible endpoint through Microsoft.Extensions.AI.OpenAI (ChatConfiguration.cs).
using ChatStream;
using LambdaStreaming;
using LambdaStreaming.Hosting;
using LambdaStreaming.Http;

return await LambdaRuntime.RunAsync(_ =>
{
    // A configuration mistake fails the init with one line naming the variable (Lambda shows it as Runtime.InitError).
    var configuration = ChatConfiguration.FromEnvironment(Environment.GetEnvironmentVariable);
    var function = new ChatFunction(configuration.CreateClient(), configuration.Models);
    return ValueTask.FromResult(StreamingHandlers.From(HttpEventJsonContext.Default.FunctionUrlRequest, function.HandleAsync));
});
