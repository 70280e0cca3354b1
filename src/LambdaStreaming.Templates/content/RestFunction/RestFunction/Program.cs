using LambdaStreaming;
using LambdaStreaming.Http;
using RestFunction;

return await LambdaRuntime.RunAsync(HttpEventJsonContext.Default.ApiGatewayProxyRequest, Function.HandleAsync);
