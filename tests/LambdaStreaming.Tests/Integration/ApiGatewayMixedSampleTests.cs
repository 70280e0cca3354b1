using System.Net;
using System.Text.Json;
using LambdaStreaming.Emulator.Front;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary><c>samples/ApiGatewayMixed</c> as a real process behind the emulator's REST API front.</summary>
public sealed class ApiGatewayMixedSampleTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Stream_sends_numbered_chunks_as_they_are_made_then_an_end_event()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("ApiGatewayMixed"), front: FrontKind.RestApi);

        using var response = await Http.GetAsync(new Uri(emulator.HttpAddress, "stream?count=3&intervalMs=400"), HttpCompletionOption.ResponseHeadersRead).WithGuard();

        await ChunkStreamAssertions.AssertChunksThenEndAsync(response, 3);
    }

    [Fact]
    public async Task Hello_answers_with_buffered_json()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("ApiGatewayMixed"), front: FrontKind.RestApi);

        using var response = await Http.GetAsync(new Uri(emulator.HttpAddress, "hello")).WithGuard();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var hello = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Hello from .NET on Lambda!", hello.GetProperty("message").GetString());
        Assert.True(hello.GetProperty("streaming_enabled").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(hello.GetProperty("timestamp").GetString(), out _));
    }

    [Fact]
    public async Task Other_routes_are_a_json_404()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: SampleCommand.For("ApiGatewayMixed"), front: FrontKind.RestApi);

        using var response = await Http.DeleteAsync(new Uri(emulator.HttpAddress, "hello")).WithGuard();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No route for DELETE /hello", await response.Content.ReadAsStringAsync());
    }
}
