using LambdaStreaming.Http;

namespace LambdaStreaming.Tests.InvocationLoop;

/// <summary>
/// <c>LambdaRuntime.RunAsync</c>'s overloads refuse what they cannot run with, by name, and run without options
/// (outside Lambda: one clear line and exit code 1).
/// </summary>
public sealed class RunAsyncArgumentTests
{
    [Fact]
    public async Task Every_overload_names_its_missing_argument()
    {
        var events = HttpEventJsonContext.Default.FunctionUrlRequest;
        var results = HttpEventJsonContext.Default.ApiGatewayProxyRequest;

        Assert.Equal("handler", (await Assert.ThrowsAsync<ArgumentNullException>(() => LambdaRuntime.RunAsync((StreamingHandler)null!))).ParamName);
        Assert.Equal("handler", (await Assert.ThrowsAsync<ArgumentNullException>(() => LambdaRuntime.RunAsync((BufferedHandler)null!))).ParamName);
        Assert.Equal("eventType", (await Assert.ThrowsAsync<ArgumentNullException>(() => LambdaRuntime.RunAsync(null!, (Func<FunctionUrlRequest, ResponseStream, ILambdaContext, Task>)((_, _, _) => Task.CompletedTask)))).ParamName);
        Assert.Equal("handler", (await Assert.ThrowsAsync<ArgumentNullException>(() => LambdaRuntime.RunAsync(events, (Func<FunctionUrlRequest, ResponseStream, ILambdaContext, Task>)null!))).ParamName);
        Assert.Equal("eventType", (await Assert.ThrowsAsync<ArgumentNullException>(() => LambdaRuntime.RunAsync<FunctionUrlRequest, ApiGatewayProxyRequest>(null!, results, (_, _) => Task.FromResult(new ApiGatewayProxyRequest())))).ParamName);
        Assert.Equal("resultType", (await Assert.ThrowsAsync<ArgumentNullException>(() => LambdaRuntime.RunAsync<FunctionUrlRequest, ApiGatewayProxyRequest>(events, null!, (_, _) => Task.FromResult(new ApiGatewayProxyRequest())))).ParamName);
        Assert.Equal("handler", (await Assert.ThrowsAsync<ArgumentNullException>(() => LambdaRuntime.RunAsync<FunctionUrlRequest, ApiGatewayProxyRequest>(events, results, null!))).ParamName);
        Assert.Equal("handler", (await Assert.ThrowsAsync<ArgumentNullException>(() => LambdaRuntime.RunAsync(events, (Func<FunctionUrlRequest, ILambdaContext, Task<HttpResult>>)null!))).ParamName);
        Assert.Equal("initialize", (await Assert.ThrowsAsync<ArgumentNullException>(() => LambdaRuntime.RunAsync((Func<CancellationToken, ValueTask<StreamingHandler>>)null!))).ParamName);
    }

    [Fact]
    public async Task Without_options_outside_Lambda_it_exits_1_instead_of_throwing()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")), "the test process must not look like a Lambda environment");

        Assert.Equal(1, await LambdaRuntime.RunAsync(_ => ValueTask.FromResult<StreamingHandler>((_, _, _) => Task.CompletedTask)));
    }
}
