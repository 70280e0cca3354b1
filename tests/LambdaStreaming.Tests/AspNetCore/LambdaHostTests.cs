using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Tests.Integration;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.AspNetCore;

/// <summary>
/// What only the Lambda host does: events it cannot map, claims from the front's authorisation (events built by hand
/// and sent through the Invoke API, since the emulator's fronts do not authenticate), requests side by side in Managed
/// Instances mode, the deadline as <c>RequestAborted</c>, error trailers, and a clean Native AOT publish.
/// </summary>
public sealed partial class LambdaHostTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task An_event_of_another_shape_is_an_error_that_names_the_expected_source_and_the_next_request_is_served()
    {
        await using var host = await StartAsync(new LambdaAppHost());

        using var reply = await host.Emulator.InvokeAsync(Http, """{"Records":[{"eventSource":"aws:sqs","body":"hi"}]}""");

        Assert.Equal("Unhandled", reply.Headers.GetValues("X-Amz-Function-Error").Single());
        var message = ErrorMessage(await reply.Content.ReadAsStringAsync());
        Assert.Contains("not a Function URL event (payload format 2.0), which LambdaEventSource.FunctionUrl expects", message);
        Assert.Contains("requestContext", message);
        using var next = await Http.GetAsync(new Uri(host.BaseAddress, "hello/again")).WithGuard();
        Assert.Equal("Hello, again!", await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_flagged_base64_that_is_not_is_an_error_that_says_so()
    {
        await using var host = await StartAsync(new LambdaAppHost());

        using var reply = await host.Emulator.InvokeAsync(Http, FunctionUrlEvent("POST", "/echo", body: "not base64!", isBase64: true));

        Assert.Equal("Unhandled", reply.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Contains("says its body is base64, and it is not", ErrorMessage(await reply.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_Function_URL_caller_signed_with_IAM_is_the_requests_user()
    {
        await using var host = await StartAsync(new LambdaAppHost());
        const string iam = """{"iam":{"accessKey":"AKIA1","accountId":"111122223333","callerId":"AROA1:alice","userArn":"arn:aws:sts::111122223333:assumed-role/reader/alice","userId":"AROA1:alice"}}""";

        var facts = await InvokeForFactsAsync(host, FunctionUrlEvent("GET", "/facts", authorizer: iam));

        Assert.True(facts.GetProperty("isAuthenticated").GetBoolean());
        Assert.Equal("AWS_IAM", facts.GetProperty("authenticationType").GetString());
        var claims = facts.GetProperty("claims");
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/reader/alice", claims.GetProperty("aws:userArn").GetString());
        Assert.Equal("111122223333", claims.GetProperty("aws:accountId").GetString());
        Assert.Equal("AKIA1", claims.GetProperty("aws:accessKey").GetString());
        Assert.Equal("AROA1:alice", claims.GetProperty("aws:callerId").GetString());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/reader/alice", claims.GetProperty("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier").GetString());
    }

    [Fact]
    public async Task A_request_without_authorisation_has_no_authenticated_user()
    {
        await using var host = await StartAsync(new LambdaAppHost());

        var facts = await InvokeForFactsAsync(host, FunctionUrlEvent("GET", "/facts"));

        Assert.False(facts.GetProperty("isAuthenticated").GetBoolean());
        Assert.Empty(facts.GetProperty("claims").EnumerateObject());
    }

    [Fact]
    public async Task A_REST_authorizers_principal_context_and_Cognito_claims_are_the_requests_user()
    {
        await using var host = await StartAsync(new LambdaAppHost(FrontKind.RestApi));
        const string authorizer = """{"principalId":"user-42","tier":"gold","quota":7,"claims":{"sub":"abc-123","email":"a@example.com"}}""";

        var facts = await InvokeForFactsAsync(host, RestEvent("GET", "/facts", authorizer));

        Assert.True(facts.GetProperty("isAuthenticated").GetBoolean());
        Assert.Equal("ApiGatewayAuthorizer", facts.GetProperty("authenticationType").GetString());
        var claims = facts.GetProperty("claims");
        Assert.Equal("user-42", claims.GetProperty("principalId").GetString());
        Assert.Equal("user-42", claims.GetProperty("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier").GetString());
        Assert.Equal("gold", claims.GetProperty("tier").GetString());
        Assert.Equal("7", claims.GetProperty("quota").GetString());
        Assert.Equal("abc-123", claims.GetProperty("sub").GetString());
        Assert.Equal("a@example.com", claims.GetProperty("email").GetString());
        Assert.Equal("/prod", facts.GetProperty("pathBase").GetString());
    }

    [Fact]
    public async Task With_AWS_LAMBDA_MAX_CONCURRENCY_requests_run_side_by_side()
    {
        await using var host = await StartAsync(new LambdaAppHost(maxConcurrency: 4));

        var replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Http.GetStringAsync(new Uri(host.BaseAddress, "together?n=4")))).WithGuard();

        Assert.All(replies, reply => Assert.Equal("4 together", reply));
    }

    [Fact]
    public async Task RequestAborted_fires_at_the_deadline_less_the_margin()
    {
        await using var host = await StartAsync(new LambdaAppHost(timeout: TimeSpan.FromSeconds(2)));

        using var reply = await Http.GetAsync(new Uri(host.BaseAddress, "until-aborted")).WithGuard();

        Assert.Equal(HttpStatusCode.GatewayTimeout, reply.StatusCode);
        // Not before the margin (100 ms, give or take the timer's millisecond), and in time to answer: the outcome below
        // is the response, not Lambda's timeout.
        Assert.InRange(int.Parse(reply.Headers.GetValues("X-Aborted-With-Ms-Left").Single()), 0, 102);
        var record = await host.Emulator.Ledger.WaitForOutcomeAsync(reply.RequestId()).WithGuard();
        Assert.Equal(InvocationOutcome.Response, record.Outcome);
    }

    [Fact]
    public async Task A_failure_after_bytes_left_ends_the_stream_with_error_trailers()
    {
        await using var host = await StartAsync(new LambdaAppHost());

        // The front resets the connection: the client may see that before or after the head it had already been sent.
        await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
        {
            using var reply = await Http.GetAsync(new Uri(host.BaseAddress, "raw/fail-midway"), HttpCompletionOption.ResponseHeadersRead).WithGuard();
            await reply.Content.ReadAsStringAsync().WithGuard();
        });

        var record = Assert.Single(await host.Emulator.Ledger.WaitForCompletedAsync(1).WithGuard());
        Assert.Equal(InvocationOutcome.StreamError, record.Outcome);
        Assert.Equal("Function.UnhandledException", record.ErrorType);
    }

    [Fact]
    public async Task The_app_publishes_with_Native_AOT_without_a_warning_for_glibc_2_34()
    {
        var (bootstrap, output) = await PublishedAspNetCoreApp.GetAsync();

        Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
        var (exit, symbols) = await ProcessRunner.RunAsync("objdump", ["-T", bootstrap]);
        Assert.True(exit == 0, symbols);
        var newest = GlibcVersion().Matches(symbols).Select(m => new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value))).Max()!;
        Assert.True(newest <= new Version(2, 34), $"the bootstrap needs glibc {newest}");
    }

    [Fact]
    public async Task The_Lambda_bootstrap_leaves_Kestrel_out_and_says_what_to_do_when_started_elsewhere()
    {
        var (bootstrap, _) = await PublishedAspNetCoreApp.GetAsync();

        var binary = await File.ReadAllBytesAsync(bootstrap);
        Assert.Equal(-1, binary.AsSpan().IndexOf("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServer"u8));
        var start = new System.Diagnostics.ProcessStartInfo(bootstrap) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("AWS_LAMBDA_RUNTIME_API");
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync().WithGuard();
        await process.WaitForExitAsync().WithGuard();
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("This bootstrap was published for Lambda, without Kestrel: run it on Lambda or behind the emulator (which sets AWS_LAMBDA_RUNTIME_API), or `dotnet run` the project to serve it on Kestrel.", output + await errors);
    }

    [Fact]
    public async Task A_Lambda_publish_of_a_Web_SDK_app_runs_workstation_GC()
    {
        await using var host = await StartAsync(new LambdaAppHost());

        Assert.Equal("workstation", await Http.GetStringAsync(new Uri(host.BaseAddress, "gc")).WithGuard());
    }

    private static async Task<LambdaAppHost> StartAsync(LambdaAppHost host)
    {
        await host.InitializeAsync();
        return host;
    }

    /// <summary>Invokes /facts through the Invoke API, which answers with the whole stream: prelude, 8 NULs, body.</summary>
    private static async Task<JsonElement> InvokeForFactsAsync(LambdaAppHost host, string payload)
    {
        using var reply = await host.Emulator.InvokeAsync(Http, payload);
        var bytes = await reply.Content.ReadAsByteArrayAsync();
        Assert.False(reply.Headers.Contains("X-Amz-Function-Error"), Encoding.UTF8.GetString(bytes) + host.Log);
        var separator = bytes.AsSpan().IndexOf(new byte[8]);
        Assert.True(separator > 0, Encoding.UTF8.GetString(bytes));
        using var prelude = JsonDocument.Parse(bytes.AsMemory(0, separator));
        Assert.Equal(200, prelude.RootElement.GetProperty("statusCode").GetInt32());
        return JsonDocument.Parse(bytes.AsMemory(separator + 8)).RootElement.Clone();
    }

    private static string ErrorMessage(string document) => JsonDocument.Parse(document).RootElement.GetProperty("errorMessage").GetString()!;

    private static string FunctionUrlEvent(string method, string path, string? body = null, bool isBase64 = false, string? authorizer = null) => $$"""
        {"version":"2.0","routeKey":"$default","rawPath":"{{path}}","rawQueryString":"","headers":{"host":"abc.lambda-url.us-east-1.on.aws"},
         "requestContext":{"accountId":"anonymous","apiId":"abc","domainName":"abc.lambda-url.us-east-1.on.aws","domainPrefix":"abc",
           "http":{"method":"{{method}}","path":"{{path}}","protocol":"HTTP/1.1","sourceIp":"203.0.113.9","userAgent":"test"},
           "requestId":"r-1","routeKey":"$default","stage":"$default","time":"01/Dec/2026:00:00:00 +0000","timeEpoch":1796083200000
           {{(authorizer is null ? "" : $",\"authorizer\":{authorizer}")}}},
         "body":{{(body is null ? "null" : JsonSerializer.Serialize(body))}},"isBase64Encoded":{{(isBase64 ? "true" : "false")}}}
        """;

    private static string RestEvent(string method, string path, string authorizer) => $$"""
        {"resource":"/{proxy+}","path":"{{path}}","httpMethod":"{{method}}","headers":{"Host":"api.example.com"},"multiValueHeaders":{"Host":["api.example.com"]},
         "queryStringParameters":null,"multiValueQueryStringParameters":null,"pathParameters":{"proxy":"{{path.TrimStart('/')}}"},"stageVariables":null,
         "requestContext":{"accountId":"111122223333","apiId":"api1","domainName":"api.example.com","httpMethod":"{{method}}","path":"/prod{{path}}",
           "protocol":"HTTP/1.1","requestId":"r-2","resourcePath":"/{proxy+}","stage":"prod","identity":{"sourceIp":"203.0.113.9"},"authorizer":{{authorizer}}},
         "body":null,"isBase64Encoded":false}
        """;

    [GeneratedRegex(@"GLIBC_(\d+)\.(\d+)")]
    private static partial Regex GlibcVersion();
}
