using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telemetry.Aggregator.Alerts;
using Telemetry.Aggregator.Tests.Support;

namespace Telemetry.Aggregator.Tests.Overview;

/// <summary>The GenAI overview page of the running service, fed through the queue by its own consumers.</summary>
public sealed partial class OverviewPageServerTests(AggregatorFactory factory) : IClassFixture<AggregatorFactory>, IAsyncLifetime
{
    private const int Requests = 200;
    private const string Dashboard = "http://localhost:15001";

    /// <summary>The trace id req-7's event carries; req-9's carries none, req-11's one that is not a W3C trace id.</summary>
    private const string TraceOf7 = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static readonly TimeSpan s_countTimeout = TimeSpan.FromSeconds(30);

    public async Task InitializeAsync()
    {
        await using var connection = factory.Cache.NewClient();
        var redis = connection.GetDatabase();
        if (await redis.KeyExistsAsync("telemetry:events:stats"))
        {
            return; // already fed by an earlier test of this class
        }

        var now = DateTimeOffset.UtcNow;
        // req-7 and req-11 are the slowest of their 10 s buckets, so the aggregator keeps them (and their trace ids) as examples.
        await TestEvents.PushAsync(redis, Enumerable.Range(0, Requests).Select(i => TestEvents.Json(TestEvents.Request(i, now.AddSeconds(-(i % 30))) with
        {
            CostUsd = 0.001,
            LatencyMs = i is 7 or 11 ? 5000 : 10 + (i % 200),
            TraceId = i == 7 ? TraceOf7 : i == 11 ? "../structuredlogs" : null,
        })));
        var alerts = factory.Services.GetRequiredService<AlertStore>();
        await alerts.SaveAsync("slow|all", new AlertState("slow|all", "slow <script>", "warning", "firing", now, now, null, 812.5, 500, "5m", ["req-7", "req-9", "req-11"]), default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ThePageShowsEveryWindowsExactCountsTodaysCostAndAChartPerFigure()
    {
        using var client = factory.WithDashboard(Dashboard).CreateClient();

        var page = await WaitForRequestsAsync(client);

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

        var page = await WaitForRequestsAsync(client);

        // The default rules are evaluated too (the fed events breach the error rate rule): read the test rule's row.
        var row = Regex.Match(page, "<tr data-rule=\"slow &lt;script&gt;\">(.*?)</tr>").Groups[1].Value;
        var links = ExampleLink().Matches(row).Select(m => (Href: WebUtility.HtmlDecode(m.Groups[1].Value), Id: m.Groups[2].Value)).ToArray();
        Assert.Equal(["req-7", "req-9", "req-11"], links.Select(l => l.Id));
        Assert.Equal(Dashboard + "/traces/detail/" + TraceOf7, links[0].Href);
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

    private static async Task<string> WaitForRequestsAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + s_countTimeout;
        while (true)
        {
            var page = await client.GetStringAsync("/overview");
            if (Cell(page, "5m", 1) == Requests.ToString(System.Globalization.CultureInfo.InvariantCulture) || DateTime.UtcNow > deadline)
            {
                return page;
            }

            await Task.Delay(100);
        }
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
