// The Express-on-API-Gateway example: one function behind a REST API with transferMode STREAM, where
// GET /stream streams Server-Sent Events and GET /hello answers with plain buffered JSON.
using ApiGatewayMixed;
using LambdaStreaming;
using LambdaStreaming.Http;

return await LambdaRuntime.RunAsync(HttpEventJsonContext.Default.ApiGatewayProxyRequest, MixedFunction.HandleAsync);
