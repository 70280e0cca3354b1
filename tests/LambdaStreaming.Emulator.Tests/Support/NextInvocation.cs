using System.Net.Http.Headers;

namespace LambdaStreaming.Emulator.Tests.Support;

/// <summary>What a <c>next</c> call returned.</summary>
internal sealed record NextInvocation(string RequestId, HttpResponseHeaders Headers, string Event)
{
    public string Header(string name) => Headers.GetValues(name).Single();
}
