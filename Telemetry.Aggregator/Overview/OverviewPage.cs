using System.Globalization;
using System.Text;

namespace Telemetry.Aggregator.Overview;

/// <summary>The overview as one self-contained HTML document: no script, inline styles and SVG, reloads every 10 s.</summary>
internal static class OverviewPage
{
    private const string Style = """
        body{font:14px system-ui,sans-serif;margin:1.5rem;color:#1b1b1f;background:#fafafa}
        h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.6rem}
        table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ddd;padding:.3rem .6rem;text-align:right}
        th:first-child,td:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:1rem}
        figure{margin:0;background:#fff;border:1px solid #ddd;padding:.4rem}figcaption{font-weight:600}.max{font-weight:400;color:#666}
        .frame{fill:#fff}.line{fill:none;stroke:#512bd4;stroke-width:1.5}.dot{fill:#512bd4}.firing{color:#b00020;font-weight:600}.muted{color:#666}
        """;

    /// <summary>Renders the page; links to the Aspire dashboard only when its address is known.</summary>
    public static string Render(OverviewData data, string? dashboardUrl)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"10\">")
            .Append("<title>GenAI overview</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>GenAI overview</h1><p class=\"muted\">All requests, as of ")
            .Append(Html.Encode(data.At.ToString("u", CultureInfo.InvariantCulture))).Append(". Read-only; refreshes every 10 s.");
        if (DashboardLinks.Traces(dashboardUrl, "inference") is { } traces)
        {
            html.Append(" <a id=\"traces\" href=\"").Append(Html.Encode(traces)).Append("\">Inference traces in the Aspire dashboard</a>");
        }

        html.Append("</p>");
        AppendWindows(html, data);
        html.Append("<h2>Cost today</h2><p id=\"cost\">$").Append(data.CostToday.CostUsd.ToString("0.0000", CultureInfo.InvariantCulture)).Append("</p>");
        html.Append("<h2>Last hour</h2><div class=\"charts\">");
        foreach (var (metric, points) in data.Charts)
        {
            SvgChart.Append(html, metric, points, v => v.ToString("0.###", CultureInfo.InvariantCulture));
        }

        html.Append("</div>");
        AppendAlerts(html, data, dashboardUrl);
        return html.Append("</body></html>").ToString();
    }

    private static void AppendWindows(StringBuilder html, OverviewData data)
    {
        html.Append("<h2>Windows</h2><table id=\"windows\"><tr><th>window</th><th>requests</th><th>errors</th><th>error rate</th><th>latency p50 ms</th><th>latency p95 ms</th>")
            .Append("<th>TTFT p95 ms</th><th>output tokens/s</th><th>input tokens</th><th>output tokens</th><th>cost $</th></tr>");
        foreach (var w in data.Windows)
        {
            html.Append("<tr data-window=\"").Append(Html.Encode(w.Window)).Append("\"><td>").Append(Html.Encode(w.Window)).Append("</td>")
                .Append(Cell(w.Requests)).Append(Cell(w.Errors.Total)).Append(Cell(w.ErrorRate, "0.00%"))
                .Append(Cell(w.LatencyMs?.P50)).Append(Cell(w.LatencyMs?.P95)).Append(Cell(w.TtftMs?.P95))
                .Append(Cell(w.Throughput.OutputTokensPerS)).Append(Cell(w.Tokens.Input)).Append(Cell(w.Tokens.Output)).Append(Cell(w.CostUsd, "0.0000"))
                .Append("</tr>");
        }

        html.Append("</table>");
    }

    private static void AppendAlerts(StringBuilder html, OverviewData data, string? dashboardUrl)
    {
        html.Append("<h2>Alerts</h2>");
        if (data.Alerts.Count == 0)
        {
            html.Append("<p id=\"alerts\" class=\"muted\">No alert condition has been evaluated yet.</p>");
            return;
        }

        html.Append("<table id=\"alerts\"><tr><th>rule</th><th>state</th><th>severity</th><th>value</th><th>threshold</th><th>window</th><th>since</th><th>example requests</th></tr>");
        foreach (var a in data.Alerts)
        {
            html.Append("<tr data-rule=\"").Append(Html.Encode(a.Rule)).Append("\"><td>").Append(Html.Encode(a.Rule)).Append("</td><td class=\"")
                .Append(a.State == "firing" ? "firing" : "muted").Append("\">").Append(Html.Encode(a.State)).Append("</td><td>").Append(Html.Encode(a.Severity)).Append("</td>")
                .Append(Cell(a.Value)).Append(Cell(a.Threshold)).Append("<td>").Append(Html.Encode(a.Window)).Append("</td><td>")
                .Append(Html.Encode(a.Since.ToString("u", CultureInfo.InvariantCulture))).Append("</td><td>");
            foreach (var id in a.ExampleRequestIds ?? [])
            {
                // Straight to the trace when the request was traced; else its log lines, each of which opens its trace.
                var link = data.ExampleTraces.TryGetValue(id, out var traceId)
                    ? DashboardLinks.Trace(dashboardUrl, traceId)
                    : DashboardLinks.RequestLogs(dashboardUrl, id);
                if (link is not null)
                {
                    html.Append("<a class=\"example\" href=\"").Append(Html.Encode(link)).Append("\">").Append(Html.Encode(id)).Append("</a> ");
                }
                else
                {
                    html.Append("<code class=\"example\">").Append(Html.Encode(id)).Append("</code> ");
                }
            }

            html.Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static string Cell(double? value, string format = "0.##") =>
        "<td>" + (value is { } v ? Html.Encode(v.ToString(format, CultureInfo.InvariantCulture)) : "–") + "</td>";

    private static string Cell(long value) => "<td>" + value.ToString(CultureInfo.InvariantCulture) + "</td>";
}
