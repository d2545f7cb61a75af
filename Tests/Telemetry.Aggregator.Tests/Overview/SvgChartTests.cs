using System.Globalization;
using System.Text;
using Telemetry.Aggregator.Overview;
using Telemetry.Aggregator.Stats;

namespace Telemetry.Aggregator.Tests.Overview;

public sealed class SvgChartTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AStepWithoutDataBreaksTheLineAndALonePointIsDrawnAsADot()
    {
        var svg = Draw([1, 2, null, 4, null, 3, 6]);

        Assert.Equal(2, Count(svg, "<polyline"));
        Assert.Equal(1, Count(svg, "<circle"));
        Assert.Contains("data-points=\"5\"", svg, StringComparison.Ordinal);
        Assert.Contains("max 6", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHighestValueTouchesTheTopAndZeroTheBottom()
    {
        var svg = Draw([0, 10]);

        Assert.Contains("points=\"4,86 316,4\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void AChartWithoutDataSaysSoAndDrawsNothing()
    {
        var svg = Draw([null, null]);

        Assert.Contains("max –", svg, StringComparison.Ordinal);
        Assert.Equal(0, Count(svg, "<polyline") + Count(svg, "<circle"));
    }

    private static string Draw(double?[] values)
    {
        var html = new StringBuilder();
        SvgChart.Append(html, "requests", [.. values.Select((v, i) => new TimeseriesPoint(s_t0.AddMinutes(i), v))], v => v.ToString("0.###", CultureInfo.InvariantCulture));
        return html.ToString();
    }

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}
