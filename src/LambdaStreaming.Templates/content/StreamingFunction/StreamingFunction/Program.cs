using LambdaStreaming;
using StreamingFunction;

return await LambdaRuntime.RunAsync(Function.HandleAsync);
