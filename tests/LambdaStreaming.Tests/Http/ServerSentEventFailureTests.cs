using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaStreaming.Http;

namespace LambdaStreaming.Tests.Http;

/// <summary>
/// An event whose JSON serialisation throws leaves half an event in the stream: the writer then refuses every later
/// event (which would otherwise be glued to that half and read as its data), and its disposal adds nothing.
/// </summary>
public sealed partial class ServerSentEventFailureTests
{
    [Fact]
    public async Task After_a_serialisation_that_throws_no_event_follows_and_disposal_writes_nothing()
    {
        var pipe = new Pipe();
        var writer = new ServerSentEventWriter(pipe.Writer, null, TimeProvider.System);
        await writer.WriteAsync("first");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(new Broken(), FailingJson.Default.Broken).AsTask());
        Assert.Equal("the converter failed midway", thrown.Message);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync("second", "ev").AsTask());
        Assert.StartsWith("An earlier event failed while it was being written", refused.Message);
        await writer.DisposeAsync();
        await pipe.Writer.CompleteAsync();

        var result = await pipe.Reader.ReadAsync();
        var wire = Encoding.UTF8.GetString(result.Buffer.ToArray());
        Assert.Equal("data: first\n\ndata: ", wire);
    }

    public sealed class Broken;

    private sealed class BrokenConverter : JsonConverter<Broken>
    {
        public override Broken Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, Broken value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("partial", "xxxxxx");
            throw new InvalidOperationException("the converter failed midway");
        }
    }

    [JsonSerializable(typeof(Broken))]
    [JsonSourceGenerationOptions(Converters = [typeof(BrokenConverter)])]
    private sealed partial class FailingJson : JsonSerializerContext;
}
