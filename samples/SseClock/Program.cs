// The Hono streamSSE example on a Function URL: GET / serves a page whose EventSource renders the clock;
// any other request streams it. `?count=N&intervalMs=M` make it short for tests and demos.
using LambdaStreaming;
using LambdaStreaming.Http;
using SseClock;

return await LambdaRuntime.RunAsync(HttpEventJsonContext.Default.FunctionUrlRequest, ClockFunction.HandleAsync);
