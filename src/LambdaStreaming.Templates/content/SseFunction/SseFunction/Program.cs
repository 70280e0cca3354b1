using LambdaStreaming;
using LambdaStreaming.Http;
using SseFunction;

return await LambdaRuntime.RunAsync(HttpEventJsonContext.Default.FunctionUrlRequest, Function.HandleAsync);
