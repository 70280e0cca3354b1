using System.Text;
using LambdaStreaming.Emulator.Ledger;
using LambdaStreaming.Tests.Support;

namespace LambdaStreaming.Tests.Integration;

/// <summary>
/// What the packaged <c>bootstrap</c> of <c>samples/ChunkedText</c> must do on every architecture: stream behind the
/// emulator, ship in a zip Lambda can run, and bind to no glibc newer than provided.al2023's.
/// </summary>
public abstract class ChunkedTextBootstrapContract(PackagedSample package)
{
    private static readonly HttpClient Http = new();

    /// <summary>How the emulator starts the bootstrap on this machine.</summary>
    protected abstract string[] FunctionCommand { get; }

    [Fact]
    public async Task Bootstrap_streams_its_first_chunk_before_it_has_written_the_last()
    {
        await using var emulator = await EmulatorFixture.StartAsync(functionCommand: FunctionCommand);
        await emulator.Ledger.WaitForNextRequestsAsync(1).WithGuard();

        using var reply = await emulator.StreamAsync(Http);
        Assert.Equal("text/plain", reply.Content.Headers.ContentType?.MediaType);
        var outcome = emulator.Ledger.WaitForOutcomeAsync(reply.RequestId());
        // How the client's reads split the body depends on when the test got to run; the stream is judged below.
        Assert.Equal("foo\nbar\nbaz\n", await reply.Content.ReadAsStringAsync().WithGuard());

        var record = await outcome.WithGuard();
        Assert.Equal(InvocationOutcome.Response, record.Outcome);
        Assert.Equal("chunked", record.ReportHeaders["Transfer-Encoding"]);
        // Streamed: the first chunk reached the Runtime API with the function's two 200 ms sleeps still ahead of it
        // (a buffered body arrives all at once: first and last byte within a millisecond). Judged on the emulator's
        // clock, so a stalled test client cannot make a stream look buffered; the margin leaves room for the
        // in-process emulator to read late on a loaded machine (up to 200 ms seen in a full run; 1 s before the
        // test projects raised the thread pool's minimum, see LambdaStreaming.Tests.csproj).
        Assert.NotNull(record.TimeToFirstByte);
        Assert.True(record.Duration - record.TimeToFirstByte >= TimeSpan.FromMilliseconds(100),
            $"first byte after {record.TimeToFirstByte}, end after {record.Duration}");
        Assert.Equal("foo\nbar\nbaz\n", Encoding.ASCII.GetString(record.ResponseBody.Span));
    }

    [Fact]
    public void Zip_holds_bootstrap_at_its_root_with_mode_0755()
    {
        var (mode, content) = package.ZippedBootstrap();

        const int regularFile0755 = 0x81ED; // S_IFREG | 0755
        Assert.Equal(regularFile0755, mode);
        Assert.Equal(File.ReadAllBytes(package.Bootstrap), content);
        // A raw handler publishes nothing beside its executable but symbols, which stay out of the zip.
        Assert.Equal(["bootstrap"], package.ZipEntryNames());
    }

    [Fact]
    public async Task Bootstrap_needs_no_glibc_newer_than_2_34()
    {
        var newest = await package.NewestGlibcNeededAsync();

        Assert.True(newest <= new Version(2, 34), $"needs GLIBC_{newest}");
    }
}
