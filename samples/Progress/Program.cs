// A long task that reports its progress as Server-Sent Events: the pattern SSE suits best (one-way,
// server to browser, resumable). `?steps=N&intervalMs=M&task=ID` shape the run.
using LambdaStreaming;
using LambdaStreaming.Http;
using Progress;

return await LambdaRuntime.RunAsync(HttpEventJsonContext.Default.FunctionUrlRequest, ProgressFunction.HandleAsync);
