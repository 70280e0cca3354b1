using System.Diagnostics;
using CsCheck;
using LambdaStreaming.Telemetry;

namespace LambdaStreaming.Tests.Telemetry;

public sealed class XRayTraceHeaderTests
{
    [Fact]
    public void A_sampled_header_with_a_parent_converts_to_the_W3C_context()
    {
        var result = XRayTraceHeader.TryParse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1|68fd508a:5", out var context);
        Assert.Equal(XRayTraceHeader.Result.Parent, result);
        Assert.Equal("5759e988bd862e3fe1be46a994272793", context.TraceId.ToHexString());
        Assert.Equal("53995c3f42cd8ad8", context.SpanId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, context.TraceFlags);
        Assert.True(context.IsRemote);
    }

    [Fact]
    public void Keys_come_in_any_order_with_spaces_and_upper_case_hex()
    {
        var result = XRayTraceHeader.TryParse(" Sampled=1 ; Parent=53995C3F42CD8AD8 ;Root=1-5759E988-BD862E3FE1BE46A994272793", out var context);
        Assert.Equal(XRayTraceHeader.Result.Parent, result);
        Assert.Equal("5759e988bd862e3fe1be46a994272793", context.TraceId.ToHexString());
        Assert.Equal("53995c3f42cd8ad8", context.SpanId.ToHexString());
    }

    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0", nameof(XRayTraceHeader.Result.NotSampled))]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8", nameof(XRayTraceHeader.Result.NotSampled))]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", nameof(XRayTraceHeader.Result.NoParent))]
    [InlineData(null, nameof(XRayTraceHeader.Result.Missing))]
    [InlineData("  ", nameof(XRayTraceHeader.Result.Missing))]
    [InlineData("garbage", nameof(XRayTraceHeader.Result.Malformed))]
    [InlineData("Root=2-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", nameof(XRayTraceHeader.Result.Malformed))]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279;Parent=53995c3f42cd8ad8;Sampled=1", nameof(XRayTraceHeader.Result.Malformed))]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad;Sampled=1", nameof(XRayTraceHeader.Result.Malformed))]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a99427279g;Parent=53995c3f42cd8ad8;Sampled=1", nameof(XRayTraceHeader.Result.Malformed))]
    [InlineData("Root=1-00000000-000000000000000000000000;Parent=53995c3f42cd8ad8;Sampled=1", nameof(XRayTraceHeader.Result.Malformed))]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000;Sampled=1", nameof(XRayTraceHeader.Result.Malformed))]
    [InlineData("Parent=53995c3f42cd8ad8;Sampled=1", nameof(XRayTraceHeader.Result.Malformed))]
    public void Anything_else_gives_no_parent_and_says_why(string? header, string expected)
    {
        Assert.Equal(expected, XRayTraceHeader.TryParse(header, out var context).ToString());
        Assert.Equal(default, context);
    }

    [Fact]
    public void No_header_ever_throws()
    {
        Gen.String[Gen.Char["Root=1-;Parent=Sampled0123456789abcdef "], 0, 90].Sample(header =>
        {
            var result = XRayTraceHeader.TryParse(header, out var context);
            return result == XRayTraceHeader.Result.Parent ? context.TraceId != default : context == default;
        });
    }
}
