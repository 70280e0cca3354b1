using System.Globalization;
using System.Net;
using System.Text;

namespace LambdaStreaming.EndToEnd;

/// <summary>Draws the TTFB distributions (cumulative, per runtime) as a small stand-alone SVG.</summary>
internal static class TtfbChart
{
    private const int Width = 720;
    private const int Height = 400;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;

    public static string Render(string title, params RuntimeFigures[] runtimes)
    {
        string[] colours = ["#1f77b4", "#ff7f0e", "#2ca02c"];
        // Up to the larger p99: the tail beyond it would squash everything else into the left edge.
        var maxX = runtimes.Max(r => r.TtfbP99) * 1.1;
        double X(double microseconds) => Left + Math.Min(microseconds, maxX) / maxX * (Width - Left - Right);
        double Y(double fraction) => Height - Bottom - fraction * (Height - Top - Bottom);
        string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{Height}" fill="white"/>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Width / 2}" y="22" text-anchor="middle" font-size="15">{WebUtility.HtmlEncode(title)}</text>""");
        for (var tick = 0; tick <= 4; tick++)
        {
            var fraction = tick / 4.0;
            var microseconds = maxX * tick / 4;
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Width - Right}" y1="{F(Y(fraction))}" y2="{F(Y(fraction))}" stroke="#ddd"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{F(Y(fraction) + 4)}" text-anchor="end">{tick * 25}%</text>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{F(X(microseconds))}" y="{Height - Bottom + 18}" text-anchor="middle">{F(microseconds)}</text>""");
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{(Width + Left) / 2}" y="{Height - 12}" text-anchor="middle">time to first byte (µs): emulator writes next → first body byte arrives</text>""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text transform="translate(16 {(Height - Bottom + Top) / 2}) rotate(-90)" text-anchor="middle">invocations at or below</text>""");
        for (var i = 0; i < runtimes.Length; i++)
        {
            var sample = runtimes[i].TtfbMicroseconds;
            var points = new StringBuilder();
            var step = Math.Max(1, sample.Count / 400);
            for (var k = 0; k < sample.Count; k += step)
            {
                points.Append(CultureInfo.InvariantCulture, $"{F(X(sample[k]))},{F(Y((k + 1.0) / sample.Count))} ");
            }

            svg.AppendLine(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{colours[i]}" stroke-width="2" points="{points}"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{Width - Right - 340}" y="{Height - Bottom - 70 + i * 20}" width="12" height="12" fill="{colours[i]}"/>""");
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{Width - Right - 322}" y="{Height - Bottom - 60 + i * 20}">{WebUtility.HtmlEncode(runtimes[i].Name)} (p50 {F(runtimes[i].TtfbP50)} µs, p99 {F(runtimes[i].TtfbP99)} µs)</text>""");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }
}
