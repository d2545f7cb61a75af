using System.Globalization;
using System.Text;
using Telemetry.Aggregator.Stats;

namespace Telemetry.Aggregator.Overview;

/// <summary>
/// A line chart as inline SVG, drawn here so the page needs no script and no chart library (a machine builds and
/// runs the services without Node.js). Gaps (steps without data) break the line.
/// </summary>
internal static class SvgChart
{
    private const int Width = 320;
    private const int Height = 90;
    private const int Pad = 4;

    /// <summary>Appends the chart of <paramref name="points"/> (oldest first) titled <paramref name="title"/>.</summary>
    public static void Append(StringBuilder html, string title, IReadOnlyList<TimeseriesPoint> points, Func<double, string> format)
    {
        var values = points.Where(p => p.V is not null).Select(p => p.V!.Value).ToArray();
        var max = values.Length == 0 ? 1 : Math.Max(values.Max(), double.Epsilon);
        html.Append("<figure class=\"chart\" data-metric=\"").Append(Html.Encode(title)).Append("\" data-points=\"").Append(values.Length.ToString(CultureInfo.InvariantCulture)).Append("\">");
        html.Append("<figcaption>").Append(Html.Encode(title)).Append(" <span class=\"max\">max ").Append(values.Length == 0 ? "–" : Html.Encode(format(max))).Append("</span></figcaption>");
        html.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Html.Encode(title)}\">");
        html.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" class=\"frame\"/>");
        var step = points.Count > 1 ? (Width - (2.0 * Pad)) / (points.Count - 1) : 0;
        var segment = new List<(double X, double Y)>();
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].V is not { } v)
            {
                Flush(html, segment);
                continue;
            }

            var x = Pad + (i * step);
            var y = Height - Pad - ((Height - (2.0 * Pad)) * v / max);
            segment.Add((x, y));
        }

        Flush(html, segment);
        html.Append("</svg></figure>");
    }

    /// <summary>A run of consecutive points: a line, or a dot when it is a single point (a line of one point draws nothing).</summary>
    private static void Flush(StringBuilder html, List<(double X, double Y)> segment)
    {
        if (segment.Count == 1)
        {
            html.Append(CultureInfo.InvariantCulture, $"<circle class=\"dot\" cx=\"{segment[0].X:0.#}\" cy=\"{segment[0].Y:0.#}\" r=\"2.5\"/>");
        }
        else if (segment.Count > 1)
        {
            html.Append("<polyline class=\"line\" points=\"");
            foreach (var (x, y) in segment)
            {
                html.Append(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} ");
            }

            html.Length--;
            html.Append("\"/>");
        }

        segment.Clear();
    }
}
