using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Telemetry.Aggregator.Tests.Overview;

/// <summary>The GenAI overview page of the running service, fed through the queue by its own consumers (once, before any test).</summary>
public sealed partial class OverviewPageServerTests(OverviewFixture factory) : IClassFixture<OverviewFixture>
{
    private const int Requests = OverviewFixture.Count;
    private const string Dashboard = "http://localhost:15001";

    [Fact]
    public async Task ThePageShowsEveryWindowsExactCountsTodaysCostAndAChartPerFigure()
    {
        using var client = factory.WithDashboard(Dashboard).CreateClient();

        var page = await client.GetStringAsync("/overview");

        Assert.Equal(Requests.ToString(System.Globalization.CultureInfo.InvariantCulture), Cell(page, "5m", 1));
        Assert.Equal((Requests / 50).ToString(System.Globalization.CultureInfo.InvariantCulture), Cell(page, "5m", 2));
        Assert.Equal("2.00%", Cell(page, "1h", 3));
        Assert.Contains("<p id=\"cost\">$0.2000</p>", page, StringComparison.Ordinal);
        foreach (var metric in new[] { "requests", "latency_p95", "ttft_p95", "error_rate", "output_tokens_per_s", "cost_usd" })
        {
            var points = Regex.Match(page, $"data-metric=\"{metric}\" data-points=\"(\\d+)\"");
            Assert.True(points.Success && int.Parse(points.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, $"chart {metric}: {points.Value}");
        }

        Assert.Contains("<polyline class=\"line\"", Regex.Match(page, "data-metric=\"requests\".*?</figure>").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachAlertsExampleRequestLinksToItsTraceInTheAspireDashboardOrToItsLogsWithoutATraceId()
    {
        using var client = factory.WithDashboard(Dashboard).CreateClient();

        var page = await client.GetStringAsync("/overview");

        // The default rules are evaluated too (the fed events breach the error rate rule): read the test rule's row.
        var row = Regex.Match(page, "<tr data-rule=\"slow &lt;script&gt;\">(.*?)</tr>").Groups[1].Value;
        var links = ExampleLink().Matches(row).Select(m => (Href: WebUtility.HtmlDecode(m.Groups[1].Value), Id: m.Groups[2].Value)).ToArray();
        Assert.Equal(["req-7", "req-9", "req-11"], links.Select(l => l.Id));
        Assert.Equal(Dashboard + "/traces/detail/" + OverviewFixture.TraceOf7, links[0].Href);
        Assert.Equal(Dashboard + "/structuredlogs?filters=RequestId%3Aequals%3Areq-9", links[1].Href);
        Assert.Equal(Dashboard + "/structuredlogs?filters=RequestId%3Aequals%3Areq-11", links[2].Href);
        Assert.Contains("class=\"firing\">firing<", row, StringComparison.Ordinal);
        Assert.Contains("slow &lt;script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutADashboardAddressExamplesAreShownButNotLinked()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/overview");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<code class=\"example\">req-7</code>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", page, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAddressThatIsNotAUrlStopsTheServiceAtStart()
    {
        var error = Assert.Throws<OptionsValidationException>(() => factory.WithDashboard("not a url").CreateClient());

        Assert.Contains("DashboardUrl", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The text of column <paramref name="column"/> (0 = the window's name) in a window's row.</summary>
    private static string Cell(string page, string window, int column)
    {
        var row = Regex.Match(page, $"<tr data-window=\"{window}\">(.*?)</tr>").Groups[1].Value;
        var cells = Regex.Matches(row, "<td>(.*?)</td>").Select(m => m.Groups[1].Value).ToArray();
        return cells.Length > column ? cells[column] : string.Empty;
    }

    [GeneratedRegex("<a class=\"example\" href=\"([^\"]+)\">([^<]+)</a>")]
    private static partial Regex ExampleLink();
}

file static class DashboardSetting
{
    public static WebApplicationFactory<Program> WithDashboard(this WebApplicationFactory<Program> factory, string url) =>
        factory.WithWebHostBuilder(b => b.UseSetting("Overview:DashboardUrl", url));
}
