using System.Net;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Emulator.Tests.Support;

namespace LambdaStreaming.Emulator.Tests;

public sealed class ErrorReportTests
{
    private const string ErrorJson = """{"errorMessage":"nope","errorType":"ArgumentException","stackTrace":["at Handler"]}""";

    [Fact]
    public async Task An_error_before_any_byte_reaches_the_invoker_as_an_unhandled_function_error()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var next = await emulator.Function.NextAsync().Within();

        var accepted = await emulator.Function.PostErrorAsync(next.RequestId, "Function.UnhandledException", ErrorJson).Within();
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        using var response = await invoke.Within();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ErrorJson, await response.Content.ReadAsStringAsync());

        var record = await emulator.Ledger.WaitForOutcomeAsync(next.RequestId).Within();
        Assert.Equal(InvocationOutcome.Error, record.Outcome);
        Assert.Equal("Function.UnhandledException", record.ErrorType);
        Assert.Equal(ErrorJson, record.ErrorBody);
        Assert.Equal("Function.UnhandledException", record.ReportHeaders["Lambda-Runtime-Function-Error-Type"]);
        Assert.Null(record.FirstByteTimestamp);
    }

    [Fact]
    public async Task An_init_error_is_recorded_and_answers_the_waiting_invoker()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");
        var requestId = (await emulator.Ledger.WaitForQueuedAsync(1).Within()).Single();

        var accepted = await emulator.Function.PostInitErrorAsync("Runtime.InitError", ErrorJson).Within();
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var initError = (await emulator.Ledger.WaitForInitErrorsAsync(1).Within()).Single();
        Assert.Equal("Runtime.InitError", initError.ErrorType);
        Assert.Equal(ErrorJson, initError.ErrorBody);

        using var response = await invoke.Within();
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        Assert.Equal(ErrorJson, await response.Content.ReadAsStringAsync());
        var record = await emulator.Ledger.WaitForOutcomeAsync(requestId).Within();
        Assert.Equal(InvocationOutcome.Error, record.Outcome);
        Assert.Null(record.NextWrittenTimestamp);
    }
}
