namespace LambdaStreaming.Tests.Integration;

/// <summary>The x86_64 Native AOT <c>bootstrap</c> of <c>samples/ChunkedText</c>, run as a child process of the emulator.</summary>
[Collection(ChunkedTextAotCollection.Name)]
public sealed class AotBootstrapTests(PackagedBootstrap package) : ChunkedTextBootstrapContract(package)
{
    protected override string[] FunctionCommand => [package.Bootstrap];
}
